
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
            cand lint 'Report everything the ALB controller would reject, and the silent traps it accepts (not built yet)'
            cand explain 'Explain an annotation, or list manifests'' rules in the order the ALB evaluates them'
            cand route 'Show which rule, canary, rewrite and backend a request hits, and why not the others (not built yet)'
            cand serve 'Run the manifests as a local proxy (not built yet)'
            cand bench 'Load a listener and report throughput, latency and the spread over backends (not built yet)'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'alb;lint'= {
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
        &'alb;serve'= {
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
        &'alb;bench'= {
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
            cand lint 'Report everything the ALB controller would reject, and the silent traps it accepts (not built yet)'
            cand explain 'Explain an annotation, or list manifests'' rules in the order the ALB evaluates them'
            cand route 'Show which rule, canary, rewrite and backend a request hits, and why not the others (not built yet)'
            cand serve 'Run the manifests as a local proxy (not built yet)'
            cand bench 'Load a listener and report throughput, latency and the spread over backends (not built yet)'
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
