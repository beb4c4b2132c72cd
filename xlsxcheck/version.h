/* version.h: the one place the version lives (the Makefile reads it). */
#ifndef XC_VERSION_H
#define XC_VERSION_H
#define XC_VERSION "0.1.0"
#endif
