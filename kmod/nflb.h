/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _NFLB_H
#define _NFLB_H

#define NFLB_VERSION "0.1.0"

#endif /* _NFLB_H */
