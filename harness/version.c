#include <bpf/libbpf.h>
#include <stdio.h>

#include "commands.h"
#include "xsk_api.h"

int cmd_version(int argc, char **argv)
{
	struct xsk_impl_info impl;

	xsk_impl_describe(&impl);
	printf("xsk_impl=%s\nxsk_impl_version=%s\nxsk_impl_path=%s\nxsk_impl_so_version=%s\n"
	       "libbpf_version=%u.%u\n",
	       impl.name, impl.version, impl.path, impl.so_version, libbpf_major_version(),
	       libbpf_minor_version());
	return 0;
}
