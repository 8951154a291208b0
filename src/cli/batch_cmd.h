/* Batch mode of the offprint command: when it starts, its messages and exit codes. */
#ifndef OP_CLI_BATCH_CMD_H
#define OP_CLI_BATCH_CMD_H

#include "cli/args.h"

/** 1 when the arguments ask for batch mode: --batch, -i LIST, an archive reader forced with
 *  -f, an input that is a folder or an export file. */
int cli_batch_wanted(const cli_args *a);

/** Sets `handler` for SIGINT, SIGTERM and SIGHUP. */
void cli_catch_signals(void (*handler)(int));

/** Runs the batch with every conversion's options `co`; returns the exit code. */
int cli_batch_main(const cli_args *a, const op_convert_opts *co);

#endif
