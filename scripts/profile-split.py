#!/usr/bin/env python3
"""Where the event loops' CPU goes, from an async-profiler collapsed-stack file.

Reads the output of `-agentpath:libasyncProfiler.so=start,event=cpu,threads,ann,file=F.collapsed`
(one line per distinct stack: `[thread tid=N];frame;...;leaf COUNT`) and prints, for the Netty
event-loop threads (the handshakes), the share of samples by the kind of code the LEAF frame is
in, then the other threads' samples (analysis, NDJSON writer, JIT, GC, main) for scale:

  boringssl-crypto   P-256/X25519/SHA/AES-GCM/bignum code inside BoringSSL (the crypto floor)
  boringssl-other    BoringSSL's protocol code (handshake state machine, record layer) + malloc
  jni                the tcnative JNI glue and the JVM's native-call transitions
  java               Netty, tlsweep and the JDK (compiled or interpreted Java)
  jvm-runtime        libjvm work on the loop thread (allocation slow paths, stubs, safepoints)
  kernel             kernel frames (`_[k]`): socket syscalls, loopback TCP, epoll
  libc               other native code (libc wrappers, memcpy)

Leaf-frame attribution answers "which code burns the cycles"; a kernel frame under a JNI call
counts as kernel. `--top N` also lists the N hottest leaf frames of each kind, to check the rules.

  scripts/profile-split.py profile.collapsed [--top 8]
"""
import re
import sys
from collections import Counter, defaultdict

KINDS = ["boringssl-crypto", "boringssl-other", "jni", "java", "jvm-runtime", "kernel", "libc"]

# BoringSSL symbol names, as they appear in netty-tcnative-boringssl-static's shared library.
CRYPTO = re.compile(
    r"(ec_|ecp_|ecdsa|ECDSA|EC_|p256|P256|fiat_|x25519|X25519|curve25519|sha256|sha512|SHA256|SHA512|"
    r"sha1|SHA1|aes|AES|gcm|GCM|ghash|GHASH|bn_|BN_|hkdf|HKDF|hmac|HMAC|md5|chacha|poly1305|"
    r"CRYPTO_|ecmult|mont|EVP_|ed25519|rsa_|RSA_|x509|X509|asn1|ASN1|CBS_|CBB_|OPENSSL_cleanse|"
    r"^fe_|^fe4_|^ge_|^sc_|beeu_|cswap)"
)
BORINGSSL_OTHER = re.compile(
    r"(^SSL_|^ssl_|bssl::|tls13_|tls1_|^tls_|dtls|OPENSSL_|^ERR_|malloc|free|realloc|calloc|^je_|"
    r"_int_malloc|_int_free|tcache|memalign)"
)
JNI = re.compile(
    r"(netty_internal_tcnative|netty_jni|netty_epoll|netty_unix|Java_io_netty|^jni_|JNIHandle|JNIEnv|"
    r"ThreadStateTransition|ThreadInVMfromNative|ThreadToNativeFromVM|JavaCallWrapper|JavaCalls::|"
    r"SharedRuntime::|native_call|GetByteArrayRegion|SetByteArrayRegion|NewByteArray|GetPrimitiveArray)"
)
JAVA_ANN = re.compile(r"_\[[ji01]\]$")
JAVA_NAME = re.compile(r"^[a-zA-Z_$][\w$]*(/[\w$]+)+[.$]")
JVM = re.compile(r"(::|^Interpreter$|^I2C|^C2I|^StubRoutines|^vtable|^itable|^JVM_|^Unsafe_|"
                 r"^OptoRuntime|^Runtime1|^G1|^Serial|CodeBlob|stub$)")


def kind_of(leaf: str) -> str:
    if leaf.endswith("_[k]"):
        return "kernel"
    if JAVA_ANN.search(leaf) or JAVA_NAME.match(leaf):
        return "java"
    if JNI.search(leaf):
        return "jni"
    if CRYPTO.search(leaf):
        return "boringssl-crypto"
    if BORINGSSL_OTHER.search(leaf):
        return "boringssl-other"
    if JVM.search(leaf):
        return "jvm-runtime"
    return "libc"


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip().splitlines()[-1].strip(), file=sys.stderr)
        return 2
    top = int(argv[argv.index("--top") + 1]) if "--top" in argv else 0
    loops = Counter()
    leaves = defaultdict(Counter)
    threads = Counter()
    with open(argv[1], encoding="utf-8", errors="replace") as f:
        for line in f:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            if not stack or not count.isdigit():
                continue
            n = int(count)
            frames = stack.split(";")
            thread = re.sub(r"\s*tid=\d+\]$", "", frames[0]).lstrip("[")
            group = re.sub(r"[-#]?\d+", "", thread).strip() or "(unnamed native threads)"
            threads[group] += n
            if not group.startswith("multiThreadIoEventLoopGroup"):
                continue
            leaf = frames[-1]
            k = kind_of(leaf)
            loops[k] += n
            leaves[k][leaf] += n
    total = sum(loops.values())
    if total == 0:
        print("no event-loop samples in " + argv[1])
        return 1
    print(f"event-loop samples: {total:,} ({total / max(1, sum(threads.values())):.0%} of all samples)")
    for k in KINDS:
        print(f"  {k:17s} {loops[k] / total:6.1%}")
        if top:
            for leaf, n in leaves[k].most_common(top):
                print(f"      {n / total:6.2%}  {leaf[:110]}")
    print("other threads (samples, share of all):")
    everything = sum(threads.values())
    for group, n in threads.most_common():
        if not group.startswith("multiThreadIoEventLoopGroup") and n / everything >= 0.005:
            print(f"  {group[:30]:30s} {n:7,d} {n / everything:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
