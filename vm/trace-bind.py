# gdb (Python) script: trace every xsk_bind() of a QEMU guest through its gdb stub.
#
# Loaded by vm/trace-bind.sh through `vm/run-guest --gdb-batch`, after a file that
# defines `xskns_syms` (name -> address, from the guest's /proc/kallsyms with nokaslr)
# for kernels without debug info; with a vmlinux loaded, symbols are looked up by name.
#
# A breakpoint at each traced function's entry reads the x86-64 argument registers; the
# return is caught with a breakpoint at the return address (read from the stack at entry)
# and matched to its call by the stack pointer, so binds of other socket families that
# return through the same place are ignored. One line per call:
#   bind 1: netns_cookie=... flags=0x8(XDP_USE_NEED_WAKEUP) ifindex=4242 queue_id=0
#           shared_umem_fd=0 -> 0
import os
import struct

import gdb

XDP_FLAGS = [(1, "XDP_SHARED_UMEM"), (2, "XDP_COPY"), (4, "XDP_ZEROCOPY"),
             (8, "XDP_USE_NEED_WAKEUP")]
TRACED = ["xsk_bind", "xp_assign_dev_shared"]

out_lines = []


def emit(line):
    out_lines.append(line)
    gdb.write(line + "\n")
    gdb.flush()


def reg(name):
    return int(gdb.parse_and_eval("(unsigned long)$" + name)) & 0xFFFFFFFFFFFFFFFF


def read(addr, size):
    return bytes(gdb.selected_inferior().read_memory(addr, size))


def address_of(name):
    try:
        return int(gdb.parse_and_eval("(unsigned long)&%s" % name))
    except gdb.error:
        pass
    syms = globals().get("xskns_syms") or {}
    return syms.get(name)


def decode_flags(flags):
    names = [n for bit, n in XDP_FLAGS if flags & bit]
    rest = flags & ~sum(bit for bit, _ in XDP_FLAGS)
    if rest:
        names.append("0x%x" % rest)
    return "0x%x(%s)" % (flags, "|".join(names) if names else "none")


def netns_cookie():
    # needs debug info: struct socket -> sock -> net -> net_cookie
    try:
        v = gdb.parse_and_eval(
            "((struct socket *)$rdi)->sk->__sk_common.skc_net.net->net_cookie")
        return str(int(v))
    except gdb.error:
        return "-"


def describe_bind():
    family, flags, ifindex, queue, shared_fd = struct.unpack("<HHIII", read(reg("rsi"), 16))
    return ("netns_cookie=%s family=%d flags=%s ifindex=%d queue_id=%d shared_umem_fd=%d"
            % (netns_cookie(), family, decode_flags(flags), ifindex, queue, shared_fd))


def describe_assign():
    # xp_assign_dev_shared(struct xsk_buff_pool *pool, struct xdp_sock *umem_xs,
    #                      struct net_device *dev, u16 queue_id)
    return "queue_id=%d" % (reg("rcx") & 0xFFFF)


def silent_break(addr):
    # internal and silent: no "Breakpoint N, ..." lines in the trace
    bp = gdb.Breakpoint("*0x%x" % addr, internal=True)
    bp.silent = True
    return bp


def main():
    port = os.environ.get("XSKNS_GDB_PORT", "1234")
    gdb.execute("target remote 127.0.0.1:%s" % port, to_string=True)
    entries = {}
    for name in TRACED:
        addr = address_of(name)
        if addr is None:
            emit("trace-bind: %s: no address (not in this kernel?), not traced" % name)
            continue
        silent_break(addr)
        entries[addr] = name
    if not any(n == "xsk_bind" for n in entries.values()):
        emit("trace-bind: ERROR: no address for xsk_bind")
        gdb.execute("kill")
        raise gdb.GdbError("no xsk_bind")
    emit("trace-bind: tracing %s" % ", ".join(
        "%s@0x%x" % (n, a) for a, n in sorted(entries.items(), key=lambda e: e[1])))

    pending = {}      # stack pointer after the return -> (name, number, description)
    returns = set()   # addresses with a return breakpoint
    count = {}
    while True:
        try:
            gdb.execute("continue", to_string=True)
        except gdb.error:
            break  # the guest powered off: the stub closed
        try:
            pc = reg("pc")
            sp = reg("rsp")
        except gdb.error:
            break
        if pc in entries:
            name = entries[pc]
            count[name] = count.get(name, 0) + 1
            desc = describe_bind() if name == "xsk_bind" else describe_assign()
            ret = struct.unpack("<Q", read(sp, 8))[0]
            pending[sp + 8] = (name, count[name], desc)
            if ret not in returns:
                silent_break(ret)
                returns.add(ret)
        elif pc in returns and sp in pending:
            name, n, desc = pending.pop(sp)
            rv = struct.unpack("<i", struct.pack("<I", reg("rax") & 0xFFFFFFFF))[0]
            label = "bind" if name == "xsk_bind" else "  " + name
            emit("%s %d: %s -> %d" % (label, n, desc, rv))
    # calls whose return was never caught (say so rather than drop them)
    for name, n, desc in sorted(pending.values(), key=lambda p: (p[0], p[1])):
        label = "bind" if name == "xsk_bind" else "  " + name
        emit("%s %d: %s -> ? (return not seen)" % (label, n, desc))
    emit("trace-bind: %d xsk_bind call(s)" % count.get("xsk_bind", 0))


main()
