/* info_print.h - `discbench info` as text (the JSON form is
 * bench/info_json.c). */
#ifndef DB_CLI_INFO_PRINT_H
#define DB_CLI_INFO_PRINT_H

#include <stdio.h>

#include "../bench/info.h"

void db_info_print(FILE *f, const db_info *info);

#endif
