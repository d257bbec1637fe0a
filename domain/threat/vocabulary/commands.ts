// Command names, one list for the whole product: the shell oracles (an added command whose name
// is one of these runs something), the classifier's detectors and the rule families read it.
//
// POSIX: what runs something on a stock Linux host: POSIX and GNU coreutils, util-linux,
// procps, busybox applets, network clients, archivers, compilers and interpreters, plus the
// shell builtins that execute code (eval, exec, source, ., command, trap). An added command
// whose name is none of these — and not a path like /bin/x — is "command not found": prose
// after a `;` or `&` (`skip the appendix`, `T` in `AT&T`) runs nothing. Names are matched
// exactly and case-sensitively, as the shell's PATH look-up does.
const POSIX_NAMES = `
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
jshell scala kotlin groovy Rscript julia pwsh powershell which xterm
vi vim nvim view ex ed nano pico emacs joe mcedit screen tmux byobu nohup ionice chrt taskset
base64 openvpn wg sshpass ssh-keygen ssh-copy-id keytool jq yq sqlite3 mysql psql mongo redis-cli
docker podman kubectl crictl ctr runc nsenter unshare capsh setcap getcap
eval exec source . command builtin trap coproc
`;

export const POSIX_COMMANDS: ReadonlySet<string> = new Set(POSIX_NAMES.trim().split(/\s+/));

// Windows: cmd.exe's internal commands and the programs of a stock Windows Server image that
// attackers run through it (recon, user and service management, downloaders, LOLBins).
// cmd.exe looks names up case-insensitively and with PATHEXT (.exe, .com, .bat, .cmd…).
const WINDOWS_NAMES = `
assoc call cd chdir cls copy del dir echo erase for ftype md mkdir mklink move popd pushd rd ren rename
rmdir set start type ver vol
whoami ipconfig net net1 netsh netstat systeminfo tasklist taskkill reg regedit sc schtasks wmic
powershell pwsh cmd certutil bitsadmin mshta rundll32 regsvr32 cscript wscript msiexec nslookup ping
tracert pathping route arp hostname findstr attrib icacls cacls takeown xcopy robocopy curl tar ftp
tftp telnet nc ncat query qwinsta quser shutdown wevtutil vssadmin ntdsutil diskpart fsutil bcdedit
expand makecab esentutl forfiles cmdkey runas klist setspn nltest dsquery gpresult driverquery
openfiles at where getmac msbuild installutil regasm regsvcs odbcconf cmstp wmiprvse psexec
`;

export const WINDOWS_COMMANDS: ReadonlySet<string> = new Set(WINDOWS_NAMES.trim().split(/\s+/));

/**
 * POSIX commands that reveal something about the host even without arguments (who runs the
 * app, the kernel, the network, the processes, the environment): a bare one is a whole probe.
 */
export const POSIX_RECON: ReadonlySet<string> = new Set([
  'id', 'whoami', 'uname', 'hostname', 'ifconfig', 'ip', 'netstat', 'ss', 'arp', 'route', 'pwd', 'ls', 'ps', 'env',
  'printenv', 'uptime', 'lscpu', 'lsblk', 'lsmod', 'lsof', 'dmesg', 'mount', 'df', 'groups', 'who', 'w', 'last', 'hostid',
]);

/** Windows commands that reveal something even without arguments (whoami, set, ipconfig…). */
export const WINDOWS_RECON: ReadonlySet<string> = new Set([
  'whoami', 'ipconfig', 'systeminfo', 'set', 'ver', 'vol', 'hostname', 'tasklist', 'netstat', 'dir', 'getmac',
  'qwinsta', 'quser', 'klist', 'driverquery', 'gpresult', 'openfiles', 'cmdkey', 'net', 'query', 'arp', 'route',
]);

/** A cmd.exe command name as it is looked up: case-folded, directory and PATHEXT extension dropped. */
export function windowsCommand(name: string): string | undefined {
  const base = name.toLowerCase().replace(/^.*[\\/]/, '').replace(/\.(exe|com|bat|cmd)$/, '');
  return WINDOWS_COMMANDS.has(base) ? base : undefined;
}

// PowerShell's cmdlets and aliases are in powershell.ts (POWERSHELL_NAMES).
