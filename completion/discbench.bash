# bash completion for discbench                      -*- shell-script -*-
# Installed as PREFIX/share/bash-completion/completions/discbench (loaded on
# demand by bash-completion); or: source completion/discbench.bash
#
# Everything offered comes from discbench itself, so nothing here changes
# when a command or an option is added: the commands from `discbench
# --help`, a command's options and their arguments from `discbench CMD
# --help` (the placeholder after an option says what it takes: DEV, DISC,
# DIR, FILE...), drive and disc profile names from `discbench devices`.

# The discbench being completed: the word typed, when it is a path
# (./build/discbench), else the one on PATH.
_discbench_bin()
{
    case $1 in
        */*) [[ -x $1 ]] && { printf '%s\n' "$1"; return; } ;;
    esac
    printf '%s\n' discbench
}

# Commands listed under "commands:" in discbench --help.
_discbench_commands()
{
    "$1" --help 2>/dev/null | awk '
        /^commands:/ { on = 1; next }
        on && /^$/   { exit }
        on && /^  [a-z]/ { print $1 }'
}

# "OPTION ARG" per line (ARG empty for a flag), from the usage lines and the
# option lines of `discbench CMD --help`; then "word NAME" for a word that
# follows "discbench CMD" in a usage line (trace show, trace anonymize).
_discbench_options()
{
    "$1" "$2" --help 2>/dev/null | awk -v cmd="$2" '
        NR == 1 { usage = 1 }
        usage && $1 != "usage:" && $1 != "discbench" && $1 !~ /^\[/ { usage = 0 }
        /^$/    { usage = 0 }
        {
            line = $0
            if (usage) {
                n = split(line, w, " ")
                for (i = 1; i < n; i++)
                    if (w[i] == "discbench" && w[i + 1] == cmd && w[i + 2] ~ /^[a-z][a-z-]*$/)
                        print "word " w[i + 2]
            } else {
                match(line, /^ */)
                if (RLENGTH > 8 || substr(line, RLENGTH + 1, 1) != "-")
                    next
                sub(/^ +/, "", line)
                sub(/  .*/, "", line)
            }
            # option tokens, each with the placeholder after it, if any
            n = split(line, w, /[][ ,()]+/)
            for (i = 1; i <= n; i++) {
                if (w[i] !~ /^--?[A-Za-z0-9][A-Za-z0-9-]*$/)
                    continue
                arg = (i < n && w[i + 1] ~ /^[A-Z][A-Z0-9_]*([|][A-Za-z0-9]+)*$/) ? w[i + 1] : ""
                sub(/[|].*/, "", arg)
                if (!(w[i] in opt) || arg != "")
                    opt[w[i]] = arg
            }
        }
        END { for (o in opt) print o " " opt[o] }' | sort
}

# Profile names from `discbench devices`: kind 1 = drives (sim:NAME),
# kind 2 = discs (media profiles).
_discbench_profiles()
{
    "$1" devices 2>/dev/null | awk -v kind="$2" '
        /^Virtual drives/ { s = 1; next }
        /^Virtual discs/  { s = 2; next }
        /^$/ { s = 0 }
        s == kind && /^  [^ (]/ { print $1 }'
}

_discbench()
{
    local line=${COMP_LINE:0:COMP_POINT}
    local -a words
    read -ra words <<< "$line"
    local cur=""
    if [[ $line != *[[:space:]] && ${#words[@]} -gt 0 ]]; then
        cur=${words[${#words[@]} - 1]}
        unset 'words[${#words[@]}-1]'
    fi
    local prev=""
    (( ${#words[@]} > 1 )) && prev=${words[${#words[@]} - 1]}
    local bin
    bin=$(_discbench_bin "${words[0]}")

    # the command: the first word after the program that is not an option
    local cmd="" sub="" i
    for (( i = 1; i < ${#words[@]}; i++ )); do
        if [[ -z $cmd && ${words[i]} != -* ]]; then
            cmd=${words[i]}
        elif [[ -n $cmd && -z $sub && ${words[i]} != -* ]]; then
            sub=${words[i]}
        fi
    done

    local -a cand=()
    local files="" dirs=""
    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            cand=(--help --version)
        else
            cand=($(_discbench_commands "$bin"))
        fi
    else
        local opts arg="" o a
        opts=$(_discbench_options "$bin" "$cmd")
        while read -r o a; do
            [[ $o == "$prev" && $o != word ]] && arg=$a
        done <<< "$opts"
        if [[ -n $arg ]]; then
            case $arg in
                DEV)
                    cand=($(_discbench_profiles "$bin" 1) replay:)
                    local d
                    for d in /dev/sr* /dev/cdrom* /dev/dvd*; do
                        [[ -e $d ]] && cand+=("$d")
                    done
                    if [[ $cur == replay:* ]]; then
                        cand=()
                        local f
                        while IFS= read -r f; do cand+=("replay:$f"); done \
                            < <(compgen -f -- "${cur#replay:}")
                    fi
                    ;;
                DISC) cand=($(_discbench_profiles "$bin" 2) synthetic:); files=1 ;;
                DIR) dirs=1 ;;
                FILE | CSV | TRACE | IN | OUT) files=1 ;;
                *) ;; # a number or a word: nothing to offer
            esac
        elif [[ $cur == -* ]]; then
            while read -r o a; do
                [[ $o != word ]] && cand+=("$o")
            done <<< "$opts"
        else
            while read -r o a; do
                [[ $o == word && -z $sub ]] && cand+=("$a")
            done <<< "$opts"
            (( ${#cand[@]} == 0 )) && files=1
        fi
    fi

    COMPREPLY=()
    local c
    for c in "${cand[@]}"; do
        [[ $c == "$cur"* ]] && COMPREPLY+=("$c")
    done
    if [[ -n $files ]]; then
        while IFS= read -r c; do COMPREPLY+=("$c"); done < <(compgen -f -- "$cur")
    elif [[ -n $dirs ]]; then
        while IFS= read -r c; do COMPREPLY+=("$c"); done < <(compgen -d -- "$cur")
    fi
    [[ -n $files$dirs ]] && compopt -o filenames 2>/dev/null

    # bash splits words at ':' (COMP_WORDBREAKS): give back only the part
    # after the last ':' of the word being completed, as bash expects
    if [[ $cur == *:* && $COMP_WORDBREAKS == *:* ]]; then
        local colon_prefix=${cur%"${cur##*:}"}
        for i in "${!COMPREPLY[@]}"; do
            COMPREPLY[i]=${COMPREPLY[i]#"$colon_prefix"}
        done
    fi
    return 0
}

complete -F _discbench discbench
