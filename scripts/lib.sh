# shellcheck shell=bash
# Shared by scripts/demo and scripts/test: package install and meson setup.

SW_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SW_SHARED=${SW_SHARED:-$SW_ROOT/../shared}

SW_PACKAGES=(
	build-essential clang g++ gnuplot-nox jq libbenchmark-dev libclang-rt-14-dev
	libdpdk-dev dpdk-dev libexpat1-dev libjansson-dev libosip2-dev libpcap-dev
	libre-dev libsofia-sip-ua-dev libxml2-utils llvm meson ninja-build pkg-config
	sip-tester tcpdump tcpreplay tshark valgrind xxd
)

# Install the Debian packages that are missing; idempotent, non-interactive.
sw_ensure_packages() {
	local missing=() p
	for p in "${SW_PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
			missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "installing: ${missing[*]}"
	local sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
}

# sw_setup DIR [meson options...]: configure once, reconfigure when options change.
sw_setup() {
	local dir=$1
	shift
	if [ -f "$dir/build.ninja" ]; then
		meson configure "$dir" "$@" >/dev/null
	else
		meson setup "$dir" "$SW_ROOT" -Dshared_dir="$SW_SHARED" "$@" >/dev/null
	fi
}
