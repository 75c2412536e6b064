// SPDX-License-Identifier: GPL-2.0
/*
 * lbpeer: both ends of the data-path selftests.
 *
 *   lbpeer server NAME PORT...     TCP and UDP on [::]:PORT (IPv4 too).
 *       A port written +PORT only greets: "NAME\n" and close, no fork
 *       (for connection-rate benchmarks).
 *       TCP: each line received is answered with "NAME\n";
 *            "SINK n\n" then n bytes  -> "HASH n\n" (FNV-1a 64, hex);
 *            "SOURCE n\n"             -> n bytes of lbpeer's pattern.
 *       UDP: each datagram is answered with "NAME <datagram>".
 *   lbpeer client [-u] [-n N] [-t secs] [-b ADDR] [-s SIZE] HOST PORT
 *       N short requests (TCP: one connection each) from ADDR if given;
 *       prints the name that answered each, or "ERR <reason>"; exit 1 if
 *       any failed.  -s: UDP datagrams of SIZE bytes with DF set.
 *       -A ADDR: request i comes from IPv4 address ADDR + i, and the line
 *       printed is "ADDR NAME".  -P PORT: every request from that port.
 *       -S NAME: each TCP request starts with a TLS ClientHello naming
 *       NAME (SNI); the server skips a TLS record at a connection's start.
 *   lbpeer hold -n N -w FILE HOST PORT
 *       opens N connections and prints who answered each; waits until FILE
 *       exists; then asks again on each and prints "again NAME" (or ERR).
 *   lbpeer rate [-c N] -d SECS HOST PORT
 *       N clients (1) connect to a greeting port again and again for SECS
 *       seconds; prints "CONNS_PER_SECOND FAILED".
 *   lbpeer bulk [-d] [-S NAME] -m MB HOST PORT
 *       uploads (or with -d downloads) MB MiB and checks the hash; prints
 *       "ok BYTES" or "ERR ...".  -S: a ClientHello naming NAME first.
 *
 *   lbpeer -N NETNS_PATH ...: the same, in that network namespace (saves
 *   the tests an nsenter process: each costs 0.3 s on the debug kernel).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <netdb.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define MAXPORTS 8

static const char *name;
static const char *bind_addr;
static const char *bind_port = "0";
static int timeout_s = 3;
static int udp_size = 1;

static void die(const char *what)
{
	fprintf(stderr, "lbpeer: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* The byte stream SOURCE sends and bulk uploads: xorshift64. */
static uint64_t pattern_state;

static void pattern_fill(unsigned char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		pattern_state ^= pattern_state << 13;
		pattern_state ^= pattern_state >> 7;
		pattern_state ^= pattern_state << 17;
		buf[i] = pattern_state & 0xff;
	}
}

static uint64_t fnv(uint64_t h, const unsigned char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= buf[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

#define FNV_INIT 0xcbf29ce484222325ULL

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

/* Read one line (without the newline) into buf; -1 on EOF or error. */
static int read_line(int fd, char *buf, size_t size)
{
	size_t n = 0;

	while (n + 1 < size) {
		char c;
		ssize_t r = read(fd, &c, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		if (c == '\n')
			break;
		buf[n++] = c;
	}
	buf[n] = 0;
	return 0;
}

/*
 * A TLS record at the start of a connection (a ClientHello of "client
 * -S") is read and skipped: the request is the line after it.
 */
static int skip_tls_record(int fd)
{
	static unsigned char rec[5 + 65535];
	size_t want = 5, got = 0;
	ssize_t r;

	r = recv(fd, rec, 1, MSG_PEEK);
	if (r <= 0 || rec[0] != 0x16)
		return 0;
	while (got < want) {
		r = read(fd, rec + got, want - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += r;
		if (got == 5)
			want = 5 + (rec[3] << 8 | rec[4]);
	}
	return 0;
}

static void serve_tcp(int fd)
{
	static unsigned char buf[65536];
	char line[256];

	if (skip_tls_record(fd))
		return;
	while (read_line(fd, line, sizeof(line)) == 0) {
		unsigned long long n;

		if (sscanf(line, "SINK %llu", &n) == 1) {
			uint64_t h = FNV_INIT;
			unsigned long long got = 0;

			while (got < n) {
				size_t want = n - got < sizeof(buf) ?
					      n - got : sizeof(buf);
				ssize_t r = read(fd, buf, want);

				if (r <= 0)
					return;
				h = fnv(h, buf, r);
				got += r;
			}
			dprintf(fd, "%016" PRIx64 " %llu\n", h, got);
		} else if (sscanf(line, "SOURCE %llu", &n) == 1) {
			pattern_state = 0x9e3779b97f4a7c15ULL;
			while (n) {
				size_t len = n < sizeof(buf) ? n : sizeof(buf);

				pattern_fill(buf, len);
				if (write_all(fd, buf, len))
					return;
				n -= len;
			}
		} else {
			dprintf(fd, "%s\n", name);
		}
	}
}

static int listen_on(int family, int type, int port)
{
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in6 *sa6 = (struct sockaddr_in6 *)&ss;
	struct sockaddr_in *sa4 = (struct sockaddr_in *)&ss;
	int fd = socket(family, type, 0), one = 1;
	socklen_t len;

	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (family == AF_INET6) {
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one,
			   sizeof(one));
		sa6->sin6_family = AF_INET6;
		sa6->sin6_port = htons(port);
		len = sizeof(*sa6);
	} else {
		setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one));
		sa4->sin_family = AF_INET;
		sa4->sin_port = htons(port);
		len = sizeof(*sa4);
	}
	if (bind(fd, (struct sockaddr *)&ss, len))
		die("bind");
	if (type == SOCK_STREAM && listen(fd, 128))
		die("listen");
	return fd;
}

/*
 * Answer a datagram from the address it was sent to (with DR and TUN that
 * is the VIP on lo, not the address the route would pick).
 */
static void serve_udp(int fd)
{
	char buf[2048], out[2200], cbuf[256];
	struct sockaddr_storage from;
	struct iovec iov = { buf, sizeof(buf) - 1 };
	struct msghdr msg = {
		.msg_name = &from, .msg_namelen = sizeof(from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	ssize_t len = recvmsg(fd, &msg, 0);

	if (len < 0)
		return;
	buf[len] = 0;
	for (cm = CMSG_FIRSTHDR(&msg); cm; cm = CMSG_NXTHDR(&msg, cm)) {
		if (cm->cmsg_level == IPPROTO_IP &&
		    cm->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo *pi = (void *)CMSG_DATA(cm);

			pi->ipi_spec_dst = pi->ipi_addr;
			pi->ipi_ifindex = 0;
		} else if (cm->cmsg_level == IPPROTO_IPV6 &&
			   cm->cmsg_type == IPV6_PKTINFO) {
			((struct in6_pktinfo *)CMSG_DATA(cm))->ipi6_ifindex = 0;
		}
	}
	iov.iov_base = out;
	iov.iov_len = snprintf(out, sizeof(out), "%s %s", name, buf);
	sendmsg(fd, &msg, 0);
}

static int do_server(int argc, char **argv)
{
	struct pollfd pfd[4 * MAXPORTS];
	bool greet[4 * MAXPORTS] = { false };
	int i, n = 0;

	if (argc < 2)
		return 2;
	name = argv[0];
	signal(SIGCHLD, SIG_IGN);
	for (i = 1; i < argc && n < 4 * MAXPORTS; i++) {
		int port = atoi(argv[i] + (argv[i][0] == '+'));

		if (argv[i][0] == '+')
			greet[n] = greet[n + 2] = true;
		pfd[n++] = (struct pollfd){ listen_on(AF_INET, SOCK_STREAM, port), POLLIN, 0 };
		pfd[n++] = (struct pollfd){ listen_on(AF_INET, SOCK_DGRAM, port), POLLIN, 0 };
		pfd[n++] = (struct pollfd){ listen_on(AF_INET6, SOCK_STREAM, port), POLLIN, 0 };
		pfd[n++] = (struct pollfd){ listen_on(AF_INET6, SOCK_DGRAM, port), POLLIN, 0 };
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		if (poll(pfd, n, -1) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		for (i = 0; i < n; i++) {
			int c;

			if (!(pfd[i].revents & POLLIN))
				continue;
			if (i % 2) {
				serve_udp(pfd[i].fd);
				continue;
			}
			c = accept(pfd[i].fd, NULL, NULL);
			if (c < 0)
				continue;
			if (greet[i]) {
				dprintf(c, "%s\n", name);
				close(c);
				continue;
			}
			if (fork() == 0) {
				serve_tcp(c);
				_exit(0);
			}
			close(c);
		}
	}
}

static int connect_to(const char *host, const char *port, int type)
{
	struct addrinfo hints = { .ai_socktype = type,
				  .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV };
	struct timeval tv = { .tv_sec = timeout_s };
	struct addrinfo *ai;
	int fd;

	if (getaddrinfo(host, port, &hints, &ai)) {
		fprintf(stderr, "lbpeer: bad address %s port %s\n", host, port);
		exit(2);
	}
	fd = socket(ai->ai_family, type, 0);
	if (fd < 0)
		die("socket");
	if (bind_addr || strcmp(bind_port, "0")) {
		struct addrinfo *bi;
		int one = 1;

		hints.ai_flags |= AI_PASSIVE;
		hints.ai_family = ai->ai_family;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (getaddrinfo(bind_addr, bind_port, &hints, &bi) ||
		    bind(fd, bi->ai_addr, bi->ai_addrlen))
			die("bind to the -b address");
		freeaddrinfo(bi);
	}
	if (type == SOCK_DGRAM && udp_size > 1) {
		int pmtu = IP_PMTUDISC_DO;

		if (ai->ai_family == AF_INET)
			setsockopt(fd, IPPROTO_IP, IP_MTU_DISCOVER, &pmtu,
				   sizeof(pmtu));
		else
			setsockopt(fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &pmtu,
				   sizeof(pmtu));
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (connect(fd, ai->ai_addr, ai->ai_addrlen)) {
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

static const char *sni_name;

/* A minimal TLS 1.2 ClientHello whose only extension is server_name. */
static int send_client_hello(int fd, const char *host)
{
	unsigned char m[512], *p = m;
	size_t n = strlen(host), ext = n + 9, hs = 2 + 32 + 1 + 4 + 2 + 2 + ext;

	if (n > 255)
		return -1;
	*p++ = 0x16; *p++ = 3; *p++ = 1;		/* handshake record */
	*p++ = (hs + 4) >> 8; *p++ = hs + 4;
	*p++ = 1; *p++ = 0; *p++ = hs >> 8; *p++ = hs;	/* ClientHello */
	*p++ = 3; *p++ = 3;				/* TLS 1.2 */
	memset(p, 0x5a, 32); p += 32;			/* random */
	*p++ = 0;					/* session id */
	*p++ = 0; *p++ = 2; *p++ = 0x13; *p++ = 0x01;	/* one suite */
	*p++ = 1; *p++ = 0;				/* null compression */
	*p++ = ext >> 8; *p++ = ext;			/* extensions */
	*p++ = 0; *p++ = 0;				/* server_name */
	*p++ = (n + 5) >> 8; *p++ = n + 5;
	*p++ = (n + 3) >> 8; *p++ = n + 3;
	*p++ = 0; *p++ = n >> 8; *p++ = n;		/* host_name */
	memcpy(p, host, n); p += n;
	return write_all(fd, m, p - m);
}

static int ask(int fd, bool udp, char *answer, size_t size)
{
	if (udp) {
		static char q[65536];
		ssize_t n;

		memset(q, 'q', udp_size);
		if (send(fd, q, udp_size, 0) != udp_size)
			return -1;
		n = recv(fd, answer, size - 1, 0);
		if (n <= 0)
			return -1;
		answer[n] = 0;
		/* "NAME q" */
		if (strchr(answer, ' '))
			*strchr(answer, ' ') = 0;
		return 0;
	}
	if (sni_name && send_client_hello(fd, sni_name))
		return -1;
	if (write_all(fd, "q\n", 2))
		return -1;
	return read_line(fd, answer, size);
}

static int do_client(int argc, char **argv)
{
	int count = 1, failed = 0, i, opt;
	struct in_addr first = { 0 };
	char addr[INET_ADDRSTRLEN];
	bool udp = false;

	while ((opt = getopt(argc, argv, "un:t:b:s:A:P:S:")) != -1) {
		switch (opt) {
		case 'S': sni_name = optarg; break;
		case 'P': bind_port = optarg; break;
		case 'A':
			if (inet_pton(AF_INET, optarg, &first) != 1)
				return 2;
			bind_addr = addr;
			break;
		case 'u': udp = true; break;
		case 'b': bind_addr = optarg; break;
		case 's': udp_size = atoi(optarg); break;
		case 'n': count = atoi(optarg); break;
		case 't': timeout_s = atoi(optarg); break;
		default: return 2;
		}
	}
	if (argc - optind != 2 || udp_size < 1 || udp_size > 60000)
		return 2;
	for (i = 0; i < count; i++) {
		char answer[256];
		int fd;

		if (first.s_addr) {
			struct in_addr a = {
				.s_addr = htonl(ntohl(first.s_addr) + i),
			};

			inet_ntop(AF_INET, &a, addr, sizeof(addr));
			printf("%s ", addr);
		}
		fd = connect_to(argv[optind], argv[optind + 1],
				udp ? SOCK_DGRAM : SOCK_STREAM);
		if (fd < 0 || ask(fd, udp, answer, sizeof(answer))) {
			printf("ERR %s\n", strerror(errno));
			failed++;
		} else {
			printf("%s\n", answer);
		}
		if (fd >= 0)
			close(fd);
	}
	return failed ? 1 : 0;
}

static int do_hold(int argc, char **argv)
{
	const char *wait_file = NULL;
	int count = 1, failed = 0, i, opt, fds[1024];
	struct stat st;
	char answer[256];

	while ((opt = getopt(argc, argv, "n:w:")) != -1) {
		switch (opt) {
		case 'n': count = atoi(optarg); break;
		case 'w': wait_file = optarg; break;
		default: return 2;
		}
	}
	if (argc - optind != 2 || !wait_file || count > 1024)
		return 2;
	for (i = 0; i < count; i++) {
		fds[i] = connect_to(argv[optind], argv[optind + 1], SOCK_STREAM);
		if (fds[i] < 0 || ask(fds[i], false, answer, sizeof(answer))) {
			printf("ERR %s\n", strerror(errno));
			failed++;
		} else {
			printf("%s\n", answer);
		}
	}
	fflush(stdout);
	while (stat(wait_file, &st))
		usleep(100000);
	for (i = 0; i < count; i++) {
		if (fds[i] < 0 || ask(fds[i], false, answer, sizeof(answer))) {
			printf("again ERR %s\n", strerror(errno));
			failed++;
		} else {
			printf("again %s\n", answer);
		}
	}
	return failed ? 1 : 0;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One connection: connect, read the greeting, reset. */
static bool rate_one(const char *host, const char *port)
{
	int fd = connect_to(host, port, SOCK_STREAM);
	struct linger lg = { 1, 0 };
	char buf[256];
	ssize_t n;

	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf));
	/* RST, not TIME_WAIT: the client's ports last the run */
	setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
	close(fd);
	return n > 0;
}

static int do_rate(int argc, char **argv)
{
	unsigned long ok = 0, failed = 0;
	double secs = 5, start;
	int opt, conc = 1, i, pfd[2];

	while ((opt = getopt(argc, argv, "d:c:")) != -1) {
		switch (opt) {
		case 'd': secs = atof(optarg); break;
		case 'c': conc = atoi(optarg); break;
		default: return 2;
		}
	}
	if (argc - optind != 2 || conc < 1 || conc > 256 || pipe(pfd))
		return 2;
	start = now_s();
	/* conc clients in parallel, each reporting "OK FAILED" on the pipe */
	for (i = 0; i < conc; i++) {
		if (fork() == 0) {
			unsigned long o = 0, f = 0;

			while (now_s() < start + secs) {
				if (rate_one(argv[optind], argv[optind + 1]))
					o++;
				else
					f++;
			}
			dprintf(pfd[1], "%lu %lu\n", o, f);
			_exit(0);
		}
	}
	close(pfd[1]);
	{
		FILE *in = fdopen(pfd[0], "r");
		unsigned long o, f;

		while (in && fscanf(in, "%lu %lu", &o, &f) == 2) {
			ok += o;
			failed += f;
		}
	}
	printf("%.1f %lu\n", ok / (now_s() - start), failed);
	return 0;
}

static int do_bulk(int argc, char **argv)
{
	static unsigned char buf[65536];
	unsigned long long total, done = 0, got;
	uint64_t mine = FNV_INIT, theirs;
	bool download = false;
	int mib = 1, opt, fd;
	char line[256];

	while ((opt = getopt(argc, argv, "dm:S:")) != -1) {
		switch (opt) {
		case 'd': download = true; break;
		case 'S': sni_name = optarg; break;
		case 'm': mib = atoi(optarg); break;
		default: return 2;
		}
	}
	if (argc - optind != 2)
		return 2;
	timeout_s = 30;
	total = (unsigned long long)mib << 20;
	fd = connect_to(argv[optind], argv[optind + 1], SOCK_STREAM);
	if (fd < 0) {
		printf("ERR connect: %s\n", strerror(errno));
		return 1;
	}
	if (sni_name && send_client_hello(fd, sni_name)) {
		printf("ERR ClientHello: %s\n", strerror(errno));
		return 1;
	}
	pattern_state = 0x9e3779b97f4a7c15ULL;
	dprintf(fd, "%s %llu\n", download ? "SOURCE" : "SINK", total);
	while (done < total) {
		size_t len = total - done < sizeof(buf) ? total - done :
							  sizeof(buf);
		ssize_t n;

		if (download) {
			n = read(fd, buf, len);
			if (n <= 0) {
				printf("ERR short read at %llu\n", done);
				return 1;
			}
			mine = fnv(mine, buf, n);
			done += n;
			continue;
		}
		pattern_fill(buf, len);
		mine = fnv(mine, buf, len);
		if (write_all(fd, buf, len)) {
			printf("ERR write at %llu: %s\n", done, strerror(errno));
			return 1;
		}
		done += len;
	}
	if (download) {
		uint64_t want = FNV_INIT;

		pattern_state = 0x9e3779b97f4a7c15ULL;
		for (done = 0; done < total; done += sizeof(buf)) {
			size_t len = total - done < sizeof(buf) ?
				     total - done : sizeof(buf);

			pattern_fill(buf, len);
			want = fnv(want, buf, len);
		}
		if (want != mine) {
			printf("ERR hash mismatch\n");
			return 1;
		}
		printf("ok %llu\n", total);
		return 0;
	}
	if (read_line(fd, line, sizeof(line)) ||
	    sscanf(line, "%" SCNx64 " %llu", &theirs, &got) != 2) {
		printf("ERR no answer\n");
		return 1;
	}
	if (theirs != mine || got != total) {
		printf("ERR hash mismatch (%llu bytes arrived)\n", got);
		return 1;
	}
	printf("ok %llu\n", total);
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc >= 3 && !strcmp(argv[1], "-N")) {
		int fd = open(argv[2], O_RDONLY | O_CLOEXEC);

		if (fd < 0 || setns(fd, CLONE_NEWNET)) {
			fprintf(stderr, "lbpeer: cannot enter %s: %s\n", argv[2],
				strerror(errno));
			return 2;
		}
		close(fd);
		argc -= 2;
		argv += 2;
	}
	if (argc < 2)
		goto usage;
	if (!strcmp(argv[1], "server"))
		return do_server(argc - 2, argv + 2);
	if (!strcmp(argv[1], "client"))
		return do_client(argc - 1, argv + 1);
	if (!strcmp(argv[1], "hold"))
		return do_hold(argc - 1, argv + 1);
	if (!strcmp(argv[1], "bulk"))
		return do_bulk(argc - 1, argv + 1);
	if (!strcmp(argv[1], "rate"))
		return do_rate(argc - 1, argv + 1);
usage:
	fprintf(stderr, "usage: lbpeer server|client|hold|bulk ... (see the source)\n");
	return 2;
}
