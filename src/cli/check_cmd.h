/* `offprint check FILE.epub...`: the EPUB preflight subcommand (check_cmd.c). */
#ifndef OP_CLI_CHECK_CMD_H
#define OP_CLI_CHECK_CMD_H

/** Runs the check subcommand; argv[0] is "check". Returns the exit code: 0 every book clean
 *  (warnings allowed), 1 a book has errors or is unreadable, 2 usage error. */
int cli_check_main(int argc, char **argv);

#endif
