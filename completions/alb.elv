
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
            cand --controller 'Which controller''s semantics to simulate; Ingresses of other classes are skipped'
            cand --color 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode'
            cand --stdin-filename 'The file name to show for manifests read from standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand lint 'Report everything the ALB controller would reject, and the silent traps it accepts'
            cand explain 'Explain an annotation, or list manifests'' rules in the order the ALB evaluates them'
            cand route 'Show which rule, canary, rewrite and backend a request hits, and why not the others'
            cand serve 'Run the manifests as a local proxy: the engine decides every request'
            cand bench 'Load a listener and report throughput, latency and the spread over backends (only `--engine` is built yet)'
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
            cand --controller 'Which controller''s semantics to simulate; Ingresses of other classes are skipped'
            cand --color 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode'
            cand --stdin-filename 'The file name to show for manifests read from standard input'
            cand --deny-warnings 'Exit 1 on warnings too, not only on errors'
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
            cand --controller 'Which controller''s semantics to simulate; Ingresses of other classes are skipped'
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
            cand --controller 'Which controller''s semantics to simulate; Ingresses of other classes are skipped'
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
            cand --controller 'Which controller''s semantics to simulate; Ingresses of other classes are skipped'
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
            cand -n 'Number of decisions to time'
            cand --requests 'Number of decisions to time'
            cand --seed 'Seed for choosing among weighted targets'
            cand --distinct 'How many distinct requests to cycle through: one per rule, spread evenly over the rules. More distinct requests touch more of the table, as real traffic does'
            cand --albconfig 'The AlbConfig (ALB) to route through, when the manifests describe several'
            cand -f 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input'
            cand --filename 'Manifest file or directory to read (repeatable). Directories are read recursively (*.yaml, *.yml, *.json, in sorted order); `-` reads standard input'
            cand -o 'Output format'
            cand --output 'Output format'
            cand --controller 'Which controller''s semantics to simulate; Ingresses of other classes are skipped'
            cand --color 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode'
            cand --stdin-filename 'The file name to show for manifests read from standard input'
            cand --engine 'Measure the routing engine alone (no network): decisions per second and nanoseconds per decision over requests derived from the manifests'' own rules'
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
            cand --controller 'Which controller''s semantics to simulate; Ingresses of other classes are skipped'
            cand --color 'When to use colour. `NO_COLOR` (non-empty) turns it off in `auto` mode'
            cand --stdin-filename 'The file name to show for manifests read from standard input'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alb;help'= {
            cand lint 'Report everything the ALB controller would reject, and the silent traps it accepts'
            cand explain 'Explain an annotation, or list manifests'' rules in the order the ALB evaluates them'
            cand route 'Show which rule, canary, rewrite and backend a request hits, and why not the others'
            cand serve 'Run the manifests as a local proxy: the engine decides every request'
            cand bench 'Load a listener and report throughput, latency and the spread over backends (only `--engine` is built yet)'
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
