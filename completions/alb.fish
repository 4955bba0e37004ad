# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_alb_global_optspecs
    string join \n f/filename= o/output= controller= color= stdin-filename= h/help V/version
end

function __fish_alb_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_alb_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_alb_using_subcommand
    set -l cmd (__fish_alb_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c alb -n "__fish_alb_needs_command" -s f -l filename -d 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input' -r -F
complete -c alb -n "__fish_alb_needs_command" -s o -l output -d 'Output format' -r -f -a "human\t'Tables and diagnostics for people'
json\t'One JSON document (`version: 1`), the contract documented in the README'
sarif\t'SARIF 2.1.0, for GitHub code scanning (lint only)'
github\t'GitHub Actions workflow-command annotations (lint only)'"
complete -c alb -n "__fish_alb_needs_command" -l controller -d 'Which controller\'s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one\'s' -r -f -a "alb\t'Alibaba Cloud ALB Ingress controller'
nginx\t'ingress-nginx'
traefik\t'Traefik'
cce\t'Huawei Cloud CCE ELB'"
complete -c alb -n "__fish_alb_needs_command" -l color -d 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c alb -n "__fish_alb_needs_command" -l stdin-filename -d 'The file name to show for manifests read from standard input' -r
complete -c alb -n "__fish_alb_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c alb -n "__fish_alb_needs_command" -s V -l version -d 'Print version'
complete -c alb -n "__fish_alb_needs_command" -f -a "lint" -d 'Report what ALB or ingress-nginx would reject, and the silent traps they accept'
complete -c alb -n "__fish_alb_needs_command" -f -a "explain" -d 'Explain an annotation, or list manifests\' rules in the order the ALB evaluates them'
complete -c alb -n "__fish_alb_needs_command" -f -a "route" -d 'Show which rule, canary, rewrite and backend a request hits, and why not the others'
complete -c alb -n "__fish_alb_needs_command" -f -a "serve" -d 'Run the manifests as a local proxy: the engine decides every request'
complete -c alb -n "__fish_alb_needs_command" -f -a "bench" -d 'Load a URL (or the manifests served in-process) and report throughput, latency and the spread over backends; `--engine` times the routing engine alone'
complete -c alb -n "__fish_alb_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c alb -n "__fish_alb_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c alb -n "__fish_alb_using_subcommand lint" -l select -d 'Only these codes or code prefixes (comma-separated or repeated): `ALB1` is every canary rule, `ALL` every rule' -r
complete -c alb -n "__fish_alb_using_subcommand lint" -l ignore -d 'Not these codes or code prefixes' -r
complete -c alb -n "__fish_alb_using_subcommand lint" -s f -l filename -d 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input' -r -F
complete -c alb -n "__fish_alb_using_subcommand lint" -s o -l output -d 'Output format' -r -f -a "human\t'Tables and diagnostics for people'
json\t'One JSON document (`version: 1`), the contract documented in the README'
sarif\t'SARIF 2.1.0, for GitHub code scanning (lint only)'
github\t'GitHub Actions workflow-command annotations (lint only)'"
complete -c alb -n "__fish_alb_using_subcommand lint" -l controller -d 'Which controller\'s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one\'s' -r -f -a "alb\t'Alibaba Cloud ALB Ingress controller'
nginx\t'ingress-nginx'
traefik\t'Traefik'
cce\t'Huawei Cloud CCE ELB'"
complete -c alb -n "__fish_alb_using_subcommand lint" -l color -d 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c alb -n "__fish_alb_using_subcommand lint" -l stdin-filename -d 'The file name to show for manifests read from standard input' -r
complete -c alb -n "__fish_alb_using_subcommand lint" -l deny-warnings -d 'Exit 1 on warnings too, not only on errors'
complete -c alb -n "__fish_alb_using_subcommand lint" -l allow-empty -d 'Exit 0, not 2, when nothing among the inputs is checked (no Ingress or AlbConfig alb checks): for hooks that pass whichever files changed'
complete -c alb -n "__fish_alb_using_subcommand lint" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c alb -n "__fish_alb_using_subcommand lint" -s V -l version -d 'Print version'
complete -c alb -n "__fish_alb_using_subcommand explain" -s f -l filename -d 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input' -r -F
complete -c alb -n "__fish_alb_using_subcommand explain" -s o -l output -d 'Output format' -r -f -a "human\t'Tables and diagnostics for people'
json\t'One JSON document (`version: 1`), the contract documented in the README'
sarif\t'SARIF 2.1.0, for GitHub code scanning (lint only)'
github\t'GitHub Actions workflow-command annotations (lint only)'"
complete -c alb -n "__fish_alb_using_subcommand explain" -l controller -d 'Which controller\'s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one\'s' -r -f -a "alb\t'Alibaba Cloud ALB Ingress controller'
nginx\t'ingress-nginx'
traefik\t'Traefik'
cce\t'Huawei Cloud CCE ELB'"
complete -c alb -n "__fish_alb_using_subcommand explain" -l color -d 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c alb -n "__fish_alb_using_subcommand explain" -l stdin-filename -d 'The file name to show for manifests read from standard input' -r
complete -c alb -n "__fish_alb_using_subcommand explain" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c alb -n "__fish_alb_using_subcommand explain" -s V -l version -d 'Print version'
complete -c alb -n "__fish_alb_using_subcommand route" -s X -l request -d 'Request method' -r
complete -c alb -n "__fish_alb_using_subcommand route" -s H -l header -d 'Request header, `Name: value` (repeatable)' -r
complete -c alb -n "__fish_alb_using_subcommand route" -s b -l cookie -d 'Cookie, `name=value` or `a=1; b=2` (repeatable)' -r
complete -c alb -n "__fish_alb_using_subcommand route" -l client-ip -d 'The client\'s IP address (for SourceIp conditions and per-IP limits)' -r
complete -c alb -n "__fish_alb_using_subcommand route" -l seed -d 'Seed for choosing among weighted targets; the same seed gives the same picks' -r
complete -c alb -n "__fish_alb_using_subcommand route" -l albconfig -d 'The AlbConfig (ALB) to route through, when the manifests describe several' -r
complete -c alb -n "__fish_alb_using_subcommand route" -l requests -d 'Route every request of a JSON-lines file (`-` for stdin): one decision per line out' -r -F
complete -c alb -n "__fish_alb_using_subcommand route" -l check -d 'Run the route assertions of a YAML file and report rule coverage (repeatable)' -r -F
complete -c alb -n "__fish_alb_using_subcommand route" -s f -l filename -d 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input' -r -F
complete -c alb -n "__fish_alb_using_subcommand route" -s o -l output -d 'Output format' -r -f -a "human\t'Tables and diagnostics for people'
json\t'One JSON document (`version: 1`), the contract documented in the README'
sarif\t'SARIF 2.1.0, for GitHub code scanning (lint only)'
github\t'GitHub Actions workflow-command annotations (lint only)'"
complete -c alb -n "__fish_alb_using_subcommand route" -l controller -d 'Which controller\'s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one\'s' -r -f -a "alb\t'Alibaba Cloud ALB Ingress controller'
nginx\t'ingress-nginx'
traefik\t'Traefik'
cce\t'Huawei Cloud CCE ELB'"
complete -c alb -n "__fish_alb_using_subcommand route" -l color -d 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c alb -n "__fish_alb_using_subcommand route" -l stdin-filename -d 'The file name to show for manifests read from standard input' -r
complete -c alb -n "__fish_alb_using_subcommand route" -l full-trace -d 'Show the whole trace: rules for other hosts too (human output), or the trace of every request (`--requests`)'
complete -c alb -n "__fish_alb_using_subcommand route" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c alb -n "__fish_alb_using_subcommand route" -s V -l version -d 'Print version'
complete -c alb -n "__fish_alb_using_subcommand serve" -l listen -d 'Where an ALB listener port listens locally, `PORT=ADDR` (repeatable). Defaults: 80 on 127.0.0.1:8080, 443 on 127.0.0.1:8443, other ports below 1024 on port+8000' -r
complete -c alb -n "__fish_alb_using_subcommand serve" -l backend -d 'Send a Service port\'s traffic to real servers: `namespace/service:port=ADDR[,ADDR...]` (repeatable). Without it, Endpoints/EndpointSlice addresses are used, else built-in echo backends, one per Deployment replica' -r
complete -c alb -n "__fish_alb_using_subcommand serve" -l admin -d 'Serve /metrics, /routes and /healthz on this loopback address' -r
complete -c alb -n "__fish_alb_using_subcommand serve" -l threads -d 'Worker threads (default: the number of CPUs)' -r
complete -c alb -n "__fish_alb_using_subcommand serve" -l albconfig -d 'The AlbConfig (ALB) to serve, when the manifests describe several' -r
complete -c alb -n "__fish_alb_using_subcommand serve" -l seed -d 'Seed for weighted picks among canary targets' -r
complete -c alb -n "__fish_alb_using_subcommand serve" -s f -l filename -d 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input' -r -F
complete -c alb -n "__fish_alb_using_subcommand serve" -s o -l output -d 'Output format' -r -f -a "human\t'Tables and diagnostics for people'
json\t'One JSON document (`version: 1`), the contract documented in the README'
sarif\t'SARIF 2.1.0, for GitHub code scanning (lint only)'
github\t'GitHub Actions workflow-command annotations (lint only)'"
complete -c alb -n "__fish_alb_using_subcommand serve" -l controller -d 'Which controller\'s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one\'s' -r -f -a "alb\t'Alibaba Cloud ALB Ingress controller'
nginx\t'ingress-nginx'
traefik\t'Traefik'
cce\t'Huawei Cloud CCE ELB'"
complete -c alb -n "__fish_alb_using_subcommand serve" -l color -d 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c alb -n "__fish_alb_using_subcommand serve" -l stdin-filename -d 'The file name to show for manifests read from standard input' -r
complete -c alb -n "__fish_alb_using_subcommand serve" -l watch -d 'Re-read the manifests when they change; swap the route table only when they lint without errors'
complete -c alb -n "__fish_alb_using_subcommand serve" -s q -l quiet -d 'No access log lines on stderr'
complete -c alb -n "__fish_alb_using_subcommand serve" -l debug-headers -d 'Add `x-alb-rule` and `x-alb-backend` response headers naming the rule and the endpoint'
complete -c alb -n "__fish_alb_using_subcommand serve" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c alb -n "__fish_alb_using_subcommand serve" -s V -l version -d 'Print version'
complete -c alb -n "__fish_alb_using_subcommand bench" -s c -l connections -d 'Concurrent connections, each with one request in flight' -r
complete -c alb -n "__fish_alb_using_subcommand bench" -s d -l duration -d 'How long to send requests, e.g. `10s`, `1m`, `500ms` (default 10s unless -n is given)' -r
complete -c alb -n "__fish_alb_using_subcommand bench" -s n -l requests -d 'Number of requests to send instead of a duration; with --engine, decisions to time (default one million)' -r
complete -c alb -n "__fish_alb_using_subcommand bench" -l rate -d 'Open loop: send R requests per second in total on a fixed schedule, whatever the answers; latency counts from each request\'s intended send time' -r
complete -c alb -n "__fish_alb_using_subcommand bench" -s H -l header -d 'Request header, `Name: value` (repeatable); `Host: …` overrides the URL\'s host' -r
complete -c alb -n "__fish_alb_using_subcommand bench" -s X -l method -d 'Request method' -r
complete -c alb -n "__fish_alb_using_subcommand bench" -l body -d 'Request body: a string, or `@FILE` to read it from a file' -r
complete -c alb -n "__fish_alb_using_subcommand bench" -l cacert -d 'Verify the server\'s certificate against the CA certificates of this PEM file' -r -F
complete -c alb -n "__fish_alb_using_subcommand bench" -l timeout -d 'How long one request may take before it counts as a timeout error' -r
complete -c alb -n "__fish_alb_using_subcommand bench" -l threads -d 'Worker threads (default: the number of CPUs); 1 runs everything on the current thread' -r
complete -c alb -n "__fish_alb_using_subcommand bench" -l seed -d 'Seed for choosing among weighted targets (--engine, --serve)' -r
complete -c alb -n "__fish_alb_using_subcommand bench" -l distinct -d 'How many distinct requests to cycle through: one per rule, spread evenly over the rules (--engine). More distinct requests touch more of the table, as real traffic does' -r
complete -c alb -n "__fish_alb_using_subcommand bench" -l albconfig -d 'The AlbConfig (ALB) to route through, when the manifests describe several' -r
complete -c alb -n "__fish_alb_using_subcommand bench" -s f -l filename -d 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input' -r -F
complete -c alb -n "__fish_alb_using_subcommand bench" -s o -l output -d 'Output format' -r -f -a "human\t'Tables and diagnostics for people'
json\t'One JSON document (`version: 1`), the contract documented in the README'
sarif\t'SARIF 2.1.0, for GitHub code scanning (lint only)'
github\t'GitHub Actions workflow-command annotations (lint only)'"
complete -c alb -n "__fish_alb_using_subcommand bench" -l controller -d 'Which controller\'s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one\'s' -r -f -a "alb\t'Alibaba Cloud ALB Ingress controller'
nginx\t'ingress-nginx'
traefik\t'Traefik'
cce\t'Huawei Cloud CCE ELB'"
complete -c alb -n "__fish_alb_using_subcommand bench" -l color -d 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c alb -n "__fish_alb_using_subcommand bench" -l stdin-filename -d 'The file name to show for manifests read from standard input' -r
complete -c alb -n "__fish_alb_using_subcommand bench" -l serve -d 'Start `alb serve` in-process on 127.0.0.1 with echo backends for the manifests (-f) and load it with one request per rule, reporting the spread per rule and per backend'
complete -c alb -n "__fish_alb_using_subcommand bench" -l engine -d 'Measure the routing engine alone (no network): decisions per second and nanoseconds per decision over requests derived from the manifests\' own rules'
complete -c alb -n "__fish_alb_using_subcommand bench" -l no-keepalive -d 'A new connection for every request (counted in its latency) instead of keep-alive'
complete -c alb -n "__fish_alb_using_subcommand bench" -l http2 -d 'HTTP/2: prior knowledge (h2c) for http URLs, ALPN for https'
complete -c alb -n "__fish_alb_using_subcommand bench" -s k -l insecure -d 'Do not verify the server\'s TLS certificate (needed for https unless --cacert is given: alb bundles no CA roots)'
complete -c alb -n "__fish_alb_using_subcommand bench" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c alb -n "__fish_alb_using_subcommand bench" -s V -l version -d 'Print version'
complete -c alb -n "__fish_alb_using_subcommand completions" -s f -l filename -d 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input' -r -F
complete -c alb -n "__fish_alb_using_subcommand completions" -s o -l output -d 'Output format' -r -f -a "human\t'Tables and diagnostics for people'
json\t'One JSON document (`version: 1`), the contract documented in the README'
sarif\t'SARIF 2.1.0, for GitHub code scanning (lint only)'
github\t'GitHub Actions workflow-command annotations (lint only)'"
complete -c alb -n "__fish_alb_using_subcommand completions" -l controller -d 'Which controller\'s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one\'s' -r -f -a "alb\t'Alibaba Cloud ALB Ingress controller'
nginx\t'ingress-nginx'
traefik\t'Traefik'
cce\t'Huawei Cloud CCE ELB'"
complete -c alb -n "__fish_alb_using_subcommand completions" -l color -d 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode' -r -f -a "auto\t'Colour when writing to a terminal and NO_COLOR is not set'
always\t''
never\t''"
complete -c alb -n "__fish_alb_using_subcommand completions" -l stdin-filename -d 'The file name to show for manifests read from standard input' -r
complete -c alb -n "__fish_alb_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c alb -n "__fish_alb_using_subcommand completions" -s V -l version -d 'Print version'
complete -c alb -n "__fish_alb_using_subcommand help; and not __fish_seen_subcommand_from lint explain route serve bench completions help" -f -a "lint" -d 'Report what ALB or ingress-nginx would reject, and the silent traps they accept'
complete -c alb -n "__fish_alb_using_subcommand help; and not __fish_seen_subcommand_from lint explain route serve bench completions help" -f -a "explain" -d 'Explain an annotation, or list manifests\' rules in the order the ALB evaluates them'
complete -c alb -n "__fish_alb_using_subcommand help; and not __fish_seen_subcommand_from lint explain route serve bench completions help" -f -a "route" -d 'Show which rule, canary, rewrite and backend a request hits, and why not the others'
complete -c alb -n "__fish_alb_using_subcommand help; and not __fish_seen_subcommand_from lint explain route serve bench completions help" -f -a "serve" -d 'Run the manifests as a local proxy: the engine decides every request'
complete -c alb -n "__fish_alb_using_subcommand help; and not __fish_seen_subcommand_from lint explain route serve bench completions help" -f -a "bench" -d 'Load a URL (or the manifests served in-process) and report throughput, latency and the spread over backends; `--engine` times the routing engine alone'
complete -c alb -n "__fish_alb_using_subcommand help; and not __fish_seen_subcommand_from lint explain route serve bench completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c alb -n "__fish_alb_using_subcommand help; and not __fish_seen_subcommand_from lint explain route serve bench completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
