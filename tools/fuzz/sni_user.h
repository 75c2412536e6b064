/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel types kmod/sni.c uses, for building it in userspace (the
 * libFuzzer harness fuzz_sni.c): kmod/sni.h includes this file when
 * __KERNEL__ is not defined.
 */
#ifndef _NFLB_SNI_USER_H
#define _NFLB_SNI_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;

#define EXPORT_SYMBOL_FOR_NFLB_KUNIT(sym)

#endif /* _NFLB_SNI_USER_H */
