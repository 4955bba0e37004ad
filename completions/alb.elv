
use builtin;
use str;

set edit:completion:arg-completer[alb] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'alb'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'alb'= {
            cand -f 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input'
            cand --filename 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --controller 'Which controller''s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one''s'
            cand --color 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode'
            cand --stdin-filename 'The file name to show for manifests read from standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand lint 'Report what ALB or ingress-nginx would reject, and the silent traps they accept'
            cand explain 'Explain an annotation, or list manifests'' rules in the order the ALB evaluates them'
            cand route 'Show which rule, canary, rewrite and backend a request hits, and why not the others'
            cand serve 'Run the manifests as a local proxy: the engine decides every request'
            cand bench 'Load a URL (or the manifests served in-process) and report throughput, latency and the spread over backends; `--engine` times the routing engine alone'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'alb;lint'= {
            cand --select 'Only these codes or code prefixes (comma-separated or repeated): `ALB1` is every canary rule, `ALL` every rule'
            cand --ignore 'Not these codes or code prefixes'
            cand -f 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input'
            cand --filename 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --controller 'Which controller''s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one''s'
            cand --color 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode'
            cand --stdin-filename 'The file name to show for manifests read from standard input'
            cand --deny-warnings 'Exit 1 on warnings too, not only on errors'
            cand --allow-empty 'Exit 0, not 2, when nothing among the inputs is checked (no Ingress or AlbConfig alb checks): for hooks that pass whichever files changed'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alb;explain'= {
            cand -f 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input'
            cand --filename 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --controller 'Which controller''s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one''s'
            cand --color 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode'
            cand --stdin-filename 'The file name to show for manifests read from standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alb;route'= {
            cand -X 'Request method'
            cand --request 'Request method'
            cand -H 'Request header, `Name: value` (repeatable)'
            cand --header 'Request header, `Name: value` (repeatable)'
            cand -b 'Cookie, `name=value` or `a=1; b=2` (repeatable)'
            cand --cookie 'Cookie, `name=value` or `a=1; b=2` (repeatable)'
            cand --client-ip 'The client''s IP address (for SourceIp conditions and per-IP limits)'
            cand --seed 'Seed for choosing among weighted targets; the same seed gives the same picks'
            cand --albconfig 'The AlbConfig (ALB) to route through, when the manifests describe several'
            cand --requests 'Route every request of a JSON-lines file (`-` for stdin): one decision per line out'
            cand --check 'Run the route assertions of a YAML file and report rule coverage (repeatable)'
            cand -f 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input'
            cand --filename 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --controller 'Which controller''s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one''s'
            cand --color 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode'
            cand --stdin-filename 'The file name to show for manifests read from standard input'
            cand --full-trace 'Show the whole trace: rules for other hosts too (human output), or the trace of every request (`--requests`)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alb;serve'= {
            cand --listen 'Where an ALB listener port listens locally, `PORT=ADDR` (repeatable). Defaults: 80 on 127.0.0.1:8080, 443 on 127.0.0.1:8443, other ports below 1024 on port+8000'
            cand --backend 'Send a Service port''s traffic to real servers: `namespace/service:port=ADDR[,ADDR...]` (repeatable). Without it, Endpoints/EndpointSlice addresses are used, else built-in echo backends, one per Deployment replica'
            cand --admin 'Serve /metrics, /routes and /healthz on this loopback address'
            cand --threads 'Worker threads (default: the number of CPUs)'
            cand --albconfig 'The AlbConfig (ALB) to serve, when the manifests describe several'
            cand --seed 'Seed for weighted picks among canary targets'
            cand -f 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input'
            cand --filename 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --controller 'Which controller''s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one''s'
            cand --color 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode'
            cand --stdin-filename 'The file name to show for manifests read from standard input'
            cand --watch 'Re-read the manifests when they change; swap the route table only when they lint without errors'
            cand -q 'No access log lines on stderr'
            cand --quiet 'No access log lines on stderr'
            cand --debug-headers 'Add `x-alb-rule` and `x-alb-backend` response headers naming the rule and the endpoint'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alb;bench'= {
            cand -c 'Concurrent connections, each with one request in flight'
            cand --connections 'Concurrent connections, each with one request in flight'
            cand -d 'How long to send requests, e.g. `10s`, `1m`, `500ms` (default 10s unless -n is given)'
            cand --duration 'How long to send requests, e.g. `10s`, `1m`, `500ms` (default 10s unless -n is given)'
            cand -n 'Number of requests to send instead of a duration; with --engine, decisions to time (default one million)'
            cand --requests 'Number of requests to send instead of a duration; with --engine, decisions to time (default one million)'
            cand --rate 'Open loop: send R requests per second in total on a fixed schedule, whatever the answers; latency counts from each request''s intended send time'
            cand -H 'Request header, `Name: value` (repeatable); `Host: …` overrides the URL''s host'
            cand --header 'Request header, `Name: value` (repeatable); `Host: …` overrides the URL''s host'
            cand -X 'Request method'
            cand --method 'Request method'
            cand --body 'Request body: a string, or `@FILE` to read it from a file'
            cand --cacert 'Verify the server''s certificate against the CA certificates of this PEM file'
            cand --timeout 'How long one request may take before it counts as a timeout error'
            cand --threads 'Worker threads (default: the number of CPUs); 1 runs everything on the current thread'
            cand --seed 'Seed for choosing among weighted targets (--engine, --serve)'
            cand --distinct 'How many distinct requests to cycle through: one per rule, spread evenly over the rules (--engine). More distinct requests touch more of the table, as real traffic does'
            cand --albconfig 'The AlbConfig (ALB) to route through, when the manifests describe several'
            cand -f 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input'
            cand --filename 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --controller 'Which controller''s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one''s'
            cand --color 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode'
            cand --stdin-filename 'The file name to show for manifests read from standard input'
            cand --serve 'Start `alb serve` in-process on 127.0.0.1 with echo backends for the manifests (-f) and load it with one request per rule, reporting the spread per rule and per backend'
            cand --engine 'Measure the routing engine alone (no network): decisions per second and nanoseconds per decision over requests derived from the manifests'' own rules'
            cand --no-keepalive 'A new connection for every request (counted in its latency) instead of keep-alive'
            cand --http2 'HTTP/2: prior knowledge (h2c) for http URLs, ALPN for https'
            cand -k 'Do not verify the server''s TLS certificate (needed for https unless --cacert is given: alb bundles no CA roots)'
            cand --insecure 'Do not verify the server''s TLS certificate (needed for https unless --cacert is given: alb bundles no CA roots)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alb;completions'= {
            cand -f 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input'
            cand --filename 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --controller 'Which controller''s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one''s'
            cand --color 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode'
            cand --stdin-filename 'The file name to show for manifests read from standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alb;help'= {
            cand lint 'Report what ALB or ingress-nginx would reject, and the silent traps they accept'
            cand explain 'Explain an annotation, or list manifests'' rules in the order the ALB evaluates them'
            cand route 'Show which rule, canary, rewrite and backend a request hits, and why not the others'
            cand serve 'Run the manifests as a local proxy: the engine decides every request'
            cand bench 'Load a URL (or the manifests served in-process) and report throughput, latency and the spread over backends; `--engine` times the routing engine alone'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'alb;help;lint'= {
        }
        &'alb;help;explain'= {
        }
        &'alb;help;route'= {
        }
        &'alb;help;serve'= {
        }
        &'alb;help;bench'= {
        }
        &'alb;help;completions'= {
        }
        &'alb;help;help'= {
        }
    ]
    $completions[$command]
}
