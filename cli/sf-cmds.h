/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Subcommand entry points. Each returns an exit status (enum sf_exit or, for
 * record with a COMMAND, the command's status); only main() exits.
 */
#ifndef SF_CMDS_H
#define SF_CMDS_H

int sf_cmd_record(int argc, char **argv);
int sf_cmd_report(int argc, char **argv);
int sf_cmd_stream(int argc, char **argv);
int sf_cmd_reset(int argc, char **argv);
int sf_cmd_bootargs(int argc, char **argv);
int sf_cmd_extract(int argc, char **argv);
int sf_cmd_persist(int argc, char **argv);

#endif /* SF_CMDS_H */
