/* privs.c - the setuid / setgid refusal (privs.h). */
#include "privs.h"

#include <stdio.h>

int db_privs_check(uid_t ruid, uid_t euid, gid_t rgid, gid_t egid, char *msg, size_t len)
{
    if (ruid != euid) {
        snprintf(msg, len, "refusing to run setuid (user %ld runs it as user %ld): discbench needs no "
                 "privilege beyond read access to the device; remove the setuid bit (chmod u-s) and give "
                 "the user read access to the device node instead (e.g. the cdrom group)",
                 (long)ruid, (long)euid);
        return -1;
    }
    if (rgid != egid) {
        snprintf(msg, len, "refusing to run setgid (group %ld runs it as group %ld): discbench needs no "
                 "privilege beyond read access to the device; remove the setgid bit (chmod g-s) and add "
                 "the user to the group that owns the device node instead", (long)rgid, (long)egid);
        return -1;
    }
    return 0;
}
