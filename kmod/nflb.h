/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_H
#define _NFLB_H

/* NFLB_VERSION: the top-level VERSION file's, which kmod/Kbuild passes. */
#ifndef NFLB_VERSION
#error "NFLB_VERSION comes from kmod/Kbuild (the VERSION file)"
#endif

#endif /* _NFLB_H */
