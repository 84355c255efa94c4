/* privs.h - discbench needs no privilege beyond read access to the
 * device, and refuses to run with more: a setuid or setgid discbench would
 * open any device node and write its results (and follow the paths a user
 * gives) with rights the user does not have. */
#ifndef DB_CLI_PRIVS_H
#define DB_CLI_PRIVS_H

#include <stddef.h>
#include <sys/types.h>

/* 0 when the real and effective ids agree; -1 and a one-line reason in
 * msg when the process runs setuid or setgid. */
int db_privs_check(uid_t ruid, uid_t euid, gid_t rgid, gid_t egid, char *msg, size_t len);

#endif
