#!/usr/bin/env bash
# Builds the sipwire-dp test pcaps from the shared corpus messages.
#   make-pcaps.sh MKPCAP CORPUS OUTDIR
# Writes, in OUTDIR:
#   access.pcap  what arrives on the access port: REGISTER (plain, 802.1Q,
#                QinQ, IPv6, fragmented, one near the MTU), REFER, INVITE,
#                non-SIP UDP, SIP over TCP, malformed SIP, truncated frames
#   core.pcap    what arrives on the core port: 200 OK with Service-Route,
#                NOTIFY with message/sipfrag, NOTIFY with reginfo
#   all.pcap     both, for one-port runs
#   huge.pcap    one ~2,030-byte REGISTER frame (no room to grow in 2 KiB mbufs)
#   jumbo.pcap   a ~6 KB REGISTER in five IPv4 fragments
#   big6.pcap    a ~1,450-byte REGISTER over IPv6
#   frag6.pcap   a REGISTER over IPv6 in three fragments
#   mix.pcap     20,000 distinct frames, REGISTER / 200 OK / REFER in turn,
#                for the replay benchmark
#   csum.pcap    REGISTERs and REFERs with a right, an absent (IPv4 0) and
#                a wrong UDP checksum, IPv4 and IPv6 (docs/dpdk-app.md,
#                "UDP checksums")
# and OUTDIR/expect.txt with frame counts the tests check against.
set -eu
mk=$1 corpus=$2 out=$3
mkdir -p "$out"
b=$corpus/bench
inv=$corpus/rfc4475/invalid

# a REGISTER padded to ~1440 bytes: a Path inserted by the worker pushes it
# past a 1500-byte MTU, so it must leave as IPv4 fragments
big=$out/register-big.sip
awk 'NR == 2 { printf "X-Pad: %0540d\r\n", 0 } { print }' ORS='\n' "$b/a_register_path.sip" > "$big"

# a REGISTER of ~1990 bytes: in a 2048-byte mbuf data room a Path no longer
# fits (the no_room test)
huge=$out/register-huge.sip
awk 'NR == 2 { printf "X-Pad: %01080d\r\n", 0 } { print }' ORS='\n' "$b/a_register_path.sip" > "$huge"
echo "file=$huge sport=49170" | "$mk" "$out/huge.pcap"
# a 6 KB REGISTER in five fragments: rebuilt, too big for a 4 KiB mbuf
jumbo=$out/register-jumbo.sip
awk 'NR == 2 { printf "X-Pad: %05100d\r\n", 0 } { print }' ORS='\n' "$b/a_register_path.sip" > "$jumbo"
echo "file=$jumbo sport=49171 frag=1500" | "$mk" "$out/jumbo.pcap"
# the near-MTU REGISTER over IPv6: a Path makes it leave as IPv6 fragments
echo "file=$big l3=6 sport=49172" | "$mk" "$out/big6.pcap"
# a REGISTER over IPv6 in three fragments
echo "file=$b/a_register_path.sip l3=6 sport=49173 frag=400" | "$mk" "$out/frag6.pcap"

cat > "$out/access.spec" <<SPEC
file=$b/a_register_path.sip sport=49152
file=$b/a_register_path.sip vlan=100 sport=49153
file=$b/a_register_path.sip qinq=200,300 sport=49154
file=$b/a_register_path.sip l3=6 sport=49155
file=$b/a_register_path.sip frag=576 sport=49156
file=$big sport=49157
file=$b/c_refer_norefersub.sip sport=49158
file=$b/f_invite_compact_sdp.sip sport=49159
text=not-sip-just-some-bytes sport=40001 dport=40000
file=$b/a_register_path.sip l4=tcp sport=49160
file=$inv/badvers.dat sport=49161
file=$inv/clerr.dat sport=49162
file=$b/a_register_path.sip trunc=40 sport=49163
file=$b/a_register_path.sip trunc=100 sport=49164
file=$b/a_register_path.sip l3=6 trunc=60 sport=49165
SPEC
cat > "$out/core.spec" <<SPEC
file=$b/b_200ok_svcroute.sip src=198.51.100.20 dst=192.0.2.10 dport=49152
file=$b/b_200ok_svcroute.sip vlan=100 src=198.51.100.20 dst=192.0.2.10 dport=49153
file=$b/d_notify_sipfrag.sip src=198.51.100.20 dst=192.0.2.10 dport=49158
file=$b/e_notify_reginfo.sip src=198.51.100.20 dst=192.0.2.10
SPEC
cat > "$out/mix.spec" <<SPEC
file=$b/a_register_path.sip repeat=6667
file=$b/b_200ok_svcroute.sip repeat=6667 src=198.51.100.20 dst=192.0.2.10 sport=5060
file=$b/c_refer_norefersub.sip repeat=6666
SPEC
"$mk" "$out/access.pcap" < "$out/access.spec"
"$mk" "$out/core.pcap" < "$out/core.spec"
cat "$out/access.spec" "$out/core.spec" | "$mk" "$out/all.pcap"
"$mk" "$out/mix.pcap" < "$out/mix.spec"
cat > "$out/csum.spec" <<SPEC
file=$b/a_register_path.sip sport=49180
file=$b/a_register_path.sip zerocsum=1 sport=49181
file=$b/a_register_path.sip badcsum=1 sport=49182
file=$b/a_register_path.sip l3=6 sport=49183
file=$b/a_register_path.sip l3=6 badcsum=1 sport=49184
file=$b/c_refer_norefersub.sip sport=49185
file=$b/c_refer_norefersub.sip badcsum=1 sport=49186
SPEC
"$mk" "$out/csum.pcap" < "$out/csum.spec"
