#!/usr/bin/env bash
# Rebuilds the small ELF fixtures of HoistPackagingTests with the system gcc/g++ (Debian 12: glibc 2.36).
# They are committed so the tests do not depend on the build machine's compiler or glibc; run this only
# to regenerate them. Each is stripped and a few KB.
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Needs libc.so.6 at GLIBC_2.34 at most (__libc_start_main@GLIBC_2.34, puts@GLIBC_2.2.5).
printf '#include <stdio.h>\nint main(void){puts("hello");return 0;}\n' > "$work/hello.c"
gcc -O2 -s -o needs-glibc-2.34 "$work/hello.c"
# Needs libm.so.6 at GLIBC_2.35 (hypotf got a new version in glibc 2.35).
printf '#include <math.h>\n#include <stdio.h>\nint main(int c,char**v){volatile float x=c;printf("%%f\\n",hypotf(x,(float)c+1));return 0;}\n' > "$work/hypot.c"
gcc -O2 -s -o needs-glibc-2.35 "$work/hypot.c" -lm
# Needs libstdc++.so.6 (GLIBCXX_*, CXXABI_*), which the runtimes do not count as present.
printf '#include <iostream>\nint main(){std::cout<<"hi"<<std::endl;return 0;}\n' > "$work/hello.cc"
g++ -O2 -s -o needs-libstdcxx "$work/hello.cc"
# A Python extension module (shared object) needing libc.so.6 at GLIBC_2.34 (pthread_create moved into libc in
# glibc 2.34 with a new version): what a wheel built on a newer distribution than manylinux2014 ships.
printf '#include <pthread.h>\nstatic void *run(void *a){return a;}\nint hoist_native_start(void){pthread_t t;if(pthread_create(&t,0,run,0))return 1;return pthread_join(t,0);}\n' > "$work/ext.c"
gcc -O2 -shared -fPIC -s -o ext-needs-glibc-2.34.so "$work/ext.c"
# A 32-bit-class header is produced by flipping EI_CLASS in the test itself; no multilib compiler needed.
ls -l needs-* ext-*
