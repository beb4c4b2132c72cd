/* serve.h: `xlsxcheck serve`, the web front end (server.c). */
#ifndef XC_WEB_SERVE_H
#define XC_WEB_SERVE_H

/* argv[0] is "serve"; returns the exit status. */
int xc_serve_main(int argc, char **argv);

#endif
