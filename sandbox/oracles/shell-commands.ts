// Command names that run something on a stock Linux host: POSIX and GNU coreutils, util-linux,
// procps, busybox applets, network clients, archivers, compilers and interpreters, plus the
// shell builtins that execute code (eval, exec, source, ., command, trap). An added command
// whose name is none of these — and not a path like /bin/x — is "command not found": prose
// after a `;` or `&` (`skip the appendix`, `T` in `AT&T`) runs nothing. Names are matched
// exactly and case-sensitively, as the shell's PATH look-up does.
const NAMES = `
[ arch awk b2sum base32 base64 basename basenc cat chcon chgrp chmod chown chroot cksum comm cp csplit
cut date dd df dir dircolors dirname du echo env expand expr factor false fmt fold groups head hostid
id install join link ln logname ls md5sum mkdir mkfifo mknod mktemp mv nice nl nohup nproc numfmt od
paste pathchk pinky pr printenv printf ptx pwd readlink realpath rm rmdir runcon seq sha1sum sha224sum
sha256sum sha384sum sha512sum shred shuf sleep sort split stat stdbuf stty sum sync tac tail tee test
timeout touch tr true truncate tsort tty uname unexpand uniq unlink users vdir wc who whoami yes
grep egrep fgrep rgrep sed gawk mawk nawk find xargs locate updatedb diff diff3 cmp patch less more
most file strings xxd hexdump hd iconv column col colrm look rev tabs tput clear reset script
ps pgrep pkill kill killall top htop free uptime w last lastlog lastb vmstat iostat mpstat pidof
pmap lsof fuser watch dmesg mount umount lsblk blkid fdisk sfdisk parted mkfs mke2fs mkswap swapon
swapoff losetup sysctl modprobe insmod rmmod lsmod lspci lsusb lscpu hostname hostnamectl
systemctl service journalctl loginctl shutdown reboot halt poweroff init telinit runlevel
crontab at atq atrm batch logger wall write mesg chsh chfn passwd useradd usermod userdel groupadd
groupdel gpasswd newgrp su sudo doas visudo setsid setfacl getfacl chattr lsattr getent ldd ldconfig
ip ifconfig netstat ss route arp ping ping6 traceroute traceroute6 tracepath mtr nslookup dig host
whois curl wget nc ncat netcat socat telnet ftp tftp ssh scp sftp rsync rcp rsh rlogin openssl gpg
nmap masscan tcpdump tshark iptables ip6tables nft ufw ethtool iw iwconfig dhclient udhcpc ftpget
ftpput httpd telnetd sendmail mail mailx mutt uuencode uudecode
tar gzip gunzip zcat bzip2 bunzip2 bzcat xz unxz xzcat zstd lz4 zip unzip 7z 7za cpio ar rpm dpkg
apt apt-get aptitude yum dnf zypper apk pacman snap flatpak pip pip3 npm npx yarn pnpm gem cargo go
git svn hg make cmake gcc cc c99 g++ clang ld as objdump readelf nm gdb strace ltrace valgrind
sh bash dash zsh ksh mksh csh tcsh fish ash hush busybox toybox rbash
perl python python2 python3 ruby irb php node nodejs deno bun lua luajit tclsh wish expect java
jshell scala kotlin groovy Rscript julia pwsh powershell
vi vim nvim view ex ed nano pico emacs joe mcedit screen tmux byobu nohup ionice chrt taskset
base64 openvpn wg sshpass ssh-keygen ssh-copy-id keytool jq yq sqlite3 mysql psql mongo redis-cli
docker podman kubectl crictl ctr runc nsenter unshare capsh setcap getcap
eval exec source . command builtin trap coproc
`;

export const EXECUTABLES: ReadonlySet<string> = new Set(NAMES.trim().split(/\s+/));

/** A command word that runs a program: a known name, or an explicit path (`/bin/sh`, `./x`, `~/p`). */
export function runsProgram(name: string): boolean {
  return EXECUTABLES.has(name) || (/^(\/|\.\.?\/|~\/)./.test(name) && !name.endsWith('/'));
}
