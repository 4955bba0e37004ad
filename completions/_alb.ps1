
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'alb' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'alb'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'alb' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--controller', '--controller', [CompletionResultType]::ParameterName, 'Which controller''s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode')
            [CompletionResult]::new('--stdin-filename', '--stdin-filename', [CompletionResultType]::ParameterName, 'The file name to show for manifests read from standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Report what ALB or ingress-nginx would reject, and the silent traps they accept')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain an annotation, or list manifests'' rules in the order the ALB evaluates them')
            [CompletionResult]::new('route', 'route', [CompletionResultType]::ParameterValue, 'Show which rule, canary, rewrite and backend a request hits, and why not the others')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the manifests as a local proxy: the engine decides every request')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Load a URL (or the manifests served in-process) and report throughput, latency and the spread over backends; `--engine` times the routing engine alone')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'alb;lint' {
            [CompletionResult]::new('--select', '--select', [CompletionResultType]::ParameterName, 'Only these codes or code prefixes (comma-separated or repeated): `ALB1` is every canary rule, `ALL` every rule')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Not these codes or code prefixes')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--controller', '--controller', [CompletionResultType]::ParameterName, 'Which controller''s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode')
            [CompletionResult]::new('--stdin-filename', '--stdin-filename', [CompletionResultType]::ParameterName, 'The file name to show for manifests read from standard input')
            [CompletionResult]::new('--deny-warnings', '--deny-warnings', [CompletionResultType]::ParameterName, 'Exit 1 on warnings too, not only on errors')
            [CompletionResult]::new('--allow-empty', '--allow-empty', [CompletionResultType]::ParameterName, 'Exit 0, not 2, when nothing among the inputs is checked (no Ingress or AlbConfig alb checks): for hooks that pass whichever files changed')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alb;explain' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--controller', '--controller', [CompletionResultType]::ParameterName, 'Which controller''s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode')
            [CompletionResult]::new('--stdin-filename', '--stdin-filename', [CompletionResultType]::ParameterName, 'The file name to show for manifests read from standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alb;route' {
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Request method')
            [CompletionResult]::new('--request', '--request', [CompletionResultType]::ParameterName, 'Request method')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Request header, `Name: value` (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Request header, `Name: value` (repeatable)')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Cookie, `name=value` or `a=1; b=2` (repeatable)')
            [CompletionResult]::new('--cookie', '--cookie', [CompletionResultType]::ParameterName, 'Cookie, `name=value` or `a=1; b=2` (repeatable)')
            [CompletionResult]::new('--client-ip', '--client-ip', [CompletionResultType]::ParameterName, 'The client''s IP address (for SourceIp conditions and per-IP limits)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed for choosing among weighted targets; the same seed gives the same picks')
            [CompletionResult]::new('--albconfig', '--albconfig', [CompletionResultType]::ParameterName, 'The AlbConfig (ALB) to route through, when the manifests describe several')
            [CompletionResult]::new('--requests', '--requests', [CompletionResultType]::ParameterName, 'Route every request of a JSON-lines file (`-` for stdin): one decision per line out')
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Run the route assertions of a YAML file and report rule coverage (repeatable)')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--controller', '--controller', [CompletionResultType]::ParameterName, 'Which controller''s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode')
            [CompletionResult]::new('--stdin-filename', '--stdin-filename', [CompletionResultType]::ParameterName, 'The file name to show for manifests read from standard input')
            [CompletionResult]::new('--full-trace', '--full-trace', [CompletionResultType]::ParameterName, 'Show the whole trace: rules for other hosts too (human output), or the trace of every request (`--requests`)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alb;serve' {
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Where an ALB listener port listens locally, `PORT=ADDR` (repeatable). Defaults: 80 on 127.0.0.1:8080, 443 on 127.0.0.1:8443, other ports below 1024 on port+8000')
            [CompletionResult]::new('--backend', '--backend', [CompletionResultType]::ParameterName, 'Send a Service port''s traffic to real servers: `namespace/service:port=ADDR[,ADDR...]` (repeatable). Without it, Endpoints/EndpointSlice addresses are used, else built-in echo backends, one per Deployment replica')
            [CompletionResult]::new('--admin', '--admin', [CompletionResultType]::ParameterName, 'Serve /metrics, /routes and /healthz on this loopback address')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads (default: the number of CPUs)')
            [CompletionResult]::new('--albconfig', '--albconfig', [CompletionResultType]::ParameterName, 'The AlbConfig (ALB) to serve, when the manifests describe several')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed for weighted picks among canary targets')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--controller', '--controller', [CompletionResultType]::ParameterName, 'Which controller''s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode')
            [CompletionResult]::new('--stdin-filename', '--stdin-filename', [CompletionResultType]::ParameterName, 'The file name to show for manifests read from standard input')
            [CompletionResult]::new('--watch', '--watch', [CompletionResultType]::ParameterName, 'Re-read the manifests when they change; swap the route table only when they lint without errors')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No access log lines on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No access log lines on stderr')
            [CompletionResult]::new('--debug-headers', '--debug-headers', [CompletionResultType]::ParameterName, 'Add `x-alb-rule` and `x-alb-backend` response headers naming the rule and the endpoint')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alb;bench' {
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Concurrent connections, each with one request in flight')
            [CompletionResult]::new('--connections', '--connections', [CompletionResultType]::ParameterName, 'Concurrent connections, each with one request in flight')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'How long to send requests, e.g. `10s`, `1m`, `500ms` (default 10s unless -n is given)')
            [CompletionResult]::new('--duration', '--duration', [CompletionResultType]::ParameterName, 'How long to send requests, e.g. `10s`, `1m`, `500ms` (default 10s unless -n is given)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Number of requests to send instead of a duration; with --engine, decisions to time (default one million)')
            [CompletionResult]::new('--requests', '--requests', [CompletionResultType]::ParameterName, 'Number of requests to send instead of a duration; with --engine, decisions to time (default one million)')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Open loop: send R requests per second in total on a fixed schedule, whatever the answers; latency counts from each request''s intended send time')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Request header, `Name: value` (repeatable); `Host: …` overrides the URL''s host')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Request header, `Name: value` (repeatable); `Host: …` overrides the URL''s host')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'Request method')
            [CompletionResult]::new('--method', '--method', [CompletionResultType]::ParameterName, 'Request method')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Request body: a string, or `@FILE` to read it from a file')
            [CompletionResult]::new('--cacert', '--cacert', [CompletionResultType]::ParameterName, 'Verify the server''s certificate against the CA certificates of this PEM file')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long one request may take before it counts as a timeout error')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Worker threads (default: the number of CPUs); 1 runs everything on the current thread')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed for choosing among weighted targets (--engine, --serve)')
            [CompletionResult]::new('--distinct', '--distinct', [CompletionResultType]::ParameterName, 'How many distinct requests to cycle through: one per rule, spread evenly over the rules (--engine). More distinct requests touch more of the table, as real traffic does')
            [CompletionResult]::new('--albconfig', '--albconfig', [CompletionResultType]::ParameterName, 'The AlbConfig (ALB) to route through, when the manifests describe several')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--controller', '--controller', [CompletionResultType]::ParameterName, 'Which controller''s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode')
            [CompletionResult]::new('--stdin-filename', '--stdin-filename', [CompletionResultType]::ParameterName, 'The file name to show for manifests read from standard input')
            [CompletionResult]::new('--serve', '--serve', [CompletionResultType]::ParameterName, 'Start `alb serve` in-process on 127.0.0.1 with echo backends for the manifests (-f) and load it with one request per rule, reporting the spread per rule and per backend')
            [CompletionResult]::new('--engine', '--engine', [CompletionResultType]::ParameterName, 'Measure the routing engine alone (no network): decisions per second and nanoseconds per decision over requests derived from the manifests'' own rules')
            [CompletionResult]::new('--no-keepalive', '--no-keepalive', [CompletionResultType]::ParameterName, 'A new connection for every request (counted in its latency) instead of keep-alive')
            [CompletionResult]::new('--http2', '--http2', [CompletionResultType]::ParameterName, 'HTTP/2: prior knowledge (h2c) for http URLs, ALPN for https')
            [CompletionResult]::new('-k', '-k', [CompletionResultType]::ParameterName, 'Do not verify the server''s TLS certificate (needed for https unless --cacert is given: alb bundles no CA roots)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Do not verify the server''s TLS certificate (needed for https unless --cacert is given: alb bundles no CA roots)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alb;completions' {
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input')
            [CompletionResult]::new('--filename', '--filename', [CompletionResultType]::ParameterName, 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('--controller', '--controller', [CompletionResultType]::ParameterName, 'Which controller''s semantics to simulate: Ingresses of other controllers are skipped (and named in the summary), and an Ingress whose controller neither its class nor its annotations settle is taken to be this one''s')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode')
            [CompletionResult]::new('--stdin-filename', '--stdin-filename', [CompletionResultType]::ParameterName, 'The file name to show for manifests read from standard input')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alb;help' {
            [CompletionResult]::new('lint', 'lint', [CompletionResultType]::ParameterValue, 'Report what ALB or ingress-nginx would reject, and the silent traps they accept')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Explain an annotation, or list manifests'' rules in the order the ALB evaluates them')
            [CompletionResult]::new('route', 'route', [CompletionResultType]::ParameterValue, 'Show which rule, canary, rewrite and backend a request hits, and why not the others')
            [CompletionResult]::new('serve', 'serve', [CompletionResultType]::ParameterValue, 'Run the manifests as a local proxy: the engine decides every request')
            [CompletionResult]::new('bench', 'bench', [CompletionResultType]::ParameterValue, 'Load a URL (or the manifests served in-process) and report throughput, latency and the spread over backends; `--engine` times the routing engine alone')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'alb;help;lint' {
            break
        }
        'alb;help;explain' {
            break
        }
        'alb;help;route' {
            break
        }
        'alb;help;serve' {
            break
        }
        'alb;help;bench' {
            break
        }
        'alb;help;completions' {
            break
        }
        'alb;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
