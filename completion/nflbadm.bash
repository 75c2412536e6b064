# SPDX-License-Identifier: GPL-2.0
# bash completion for nflbadm(8): subcommands, ipvsadm-style options, and
# the services and real servers of the running configuration.
# shellcheck shell=bash

# The configured services as "-t addr:port" words (from nflbadm -S).
_nflbadm_services() {
	nflbadm -S -n 2>/dev/null | awk '$1 == "-A" { print $3 }'
}

_nflbadm_reals() {
	nflbadm -S -n 2>/dev/null |
		awk '$1 == "-a" { for (i = 2; i < NF; i++) if ($i == "-r") print $(i + 1) }' |
		sort -u
}

# The SNI rules' names (from the "-A ... --sni NAME" lines of nflbadm -S).
_nflbadm_rules() {
	nflbadm -S -n 2>/dev/null | awk '$1 == "-A" && $4 == "--sni" { print $5 }' |
		sort -u
}

_nflbadm() {
	local cur prev words cword
	if declare -F _init_completion >/dev/null; then
		_init_completion -n : || return
	else
		cur=${COMP_WORDS[COMP_CWORD]}
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
	fi

	case ${words[1]:-} in
	apply)
		case $prev in
		-f | --file)
			if declare -F _filedir >/dev/null; then
				_filedir json
			else
				mapfile -t COMPREPLY < <(compgen -f -- "$cur")
			fi
			return
			;;
		esac
		mapfile -t COMPREPLY < <(compgen -W '-f --dry-run --prune -j' -- "$cur")
		return
		;;
	monitor)
		mapfile -t COMPREPLY < <(compgen -W '-j' -- "$cur")
		return
		;;
	config)
		# KEY VALUE pairs: offer keys where a key goes, nothing for values
		local keys='max-conns max-services max-dests tcp-timeout tcpfin-timeout udp-timeout sni-peek-bytes sni-timeout-ms sni-max-pending'
		case $prev in
		max-conns | max-services | max-dests | tcp-timeout | tcpfin-timeout | udp-timeout | \
			sni-peek-bytes | sni-timeout-ms | sni-max-pending)
			return
			;;
		esac
		[ "$cword" -eq 2 ] && keys+=' -j'
		mapfile -t COMPREPLY < <(compgen -W "$keys" -- "$cur")
		return
		;;
	info | version)
		return
		;;
	esac

	case $prev in
	-t | --tcp-service | -u | --udp-service)
		mapfile -t COMPREPLY < <(compgen -W "$(_nflbadm_services)" -- "$cur")
		return
		;;
	-r | --real-server)
		mapfile -t COMPREPLY < <(compgen -W "$(_nflbadm_reals)" -- "$cur")
		return
		;;
	-s | --scheduler)
		mapfile -t COMPREPLY < <(compgen -W 'rr wrr lc wlc sh mh' -- "$cur")
		return
		;;
	-b | --sched-flags)
		mapfile -t COMPREPLY < <(compgen -W 'sh-fallback sh-port mh-fallback mh-port' -- "$cur")
		return
		;;
	--tun-type)
		mapfile -t COMPREPLY < <(compgen -W 'ipip' -- "$cur")
		return
		;;
	--health)
		mapfile -t COMPREPLY < <(compgen -W 'up down' -- "$cur")
		return
		;;
	--sni)
		mapfile -t COMPREPLY < <(compgen -W "$(_nflbadm_rules)" -- "$cur")
		return
		;;
	--sni-mode)
		mapfile -t COMPREPLY < <(compgen -W 'on off' -- "$cur")
		return
		;;
	--sni-default)
		mapfile -t COMPREPLY < <(compgen -W 'servers reset' -- "$cur")
		return
		;;
	--source-ranges)
		mapfile -t COMPREPLY < <(compgen -W 'any' -- "$cur")
		return
		;;
	--netns)
		mapfile -t COMPREPLY < <(compgen -W "$(ip netns list 2>/dev/null |
			cut -d' ' -f1)" -- "$cur")
		return
		;;
	-f | --fwmark-service | -w | --weight | -x | --u-threshold | \
		-y | --l-threshold | -p | --persistent | -M | --netmask)
		return
		;;
	esac

	if [ "$cword" -eq 1 ] && [[ $cur != -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W 'apply export monitor config info version' -- "$cur")
		return
	fi
	mapfile -t COMPREPLY < <(compgen -W '-A -E -D -C -R -S -a -e -d -L -l -Z
		-h -v --add-service --edit-service --delete-service --clear
		--restore --save --add-server --edit-server --delete-server --list
		--zero --set --help --version -t -u -f -6 -s -p -M -b -o -r -g -i
		-m -w -x -y -n -c -X -j --tcp-service --udp-service
		--fwmark-service --ipv6 --scheduler --persistent --netmask
		--sched-flags --ops --real-server --gatewaying --ipip
		--masquerading --tun-type --health --weight --u-threshold --l-threshold
		--numeric --connection --stats --rate --exact --thresholds
		--persistent-conn --timeout --sort --nosort --tun-info --json
		--sni --sni-mode --sni-default --source-ranges' \
		-- "$cur")
} &&
	complete -F _nflbadm nflbadm
