/*
 * modsec-harness: evaluate requests against a rules file with the real libmodsecurity3
 * C API, so generated rules are proven on the engine that will enforce them rather than
 * on our JS re-implementation of its transformations.
 *
 * usage: modsec-harness RULES_FILE [REQUESTS_FILE|-]
 *
 * Requests: one per line, tab-separated: METHOD \t URI \t BODY \t USER_AGENT (the last two
 * optional). URI and BODY arrive exactly as on the wire (percent-encoded), so the line
 * format cannot be broken by payload characters; BODY is sent as
 * application/x-www-form-urlencoded. Output: one line per request,
 * "allow" or "deny <status> <rule id>" (rule id "-" when the engine gave none).
 * Exit 2 with the parser's error text on stderr when the rules fail to load.
 */
#include <modsecurity/modsecurity.h>
#include <modsecurity/rules_set.h>
#include <modsecurity/transaction.h>
#include <modsecurity/intervention.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The engine is off unless told otherwise; body access is needed for ARGS_POST. */
static const char *BASE_CONFIG =
    "SecRuleEngine On\n"
    "SecRequestBodyAccess On\n"
    "SecRequestBodyLimit 1048576\n";

/* libmodsecurity logs through this callback; the verdict goes through msc_intervention. */
static void quiet_log(void *data, const void *msg) { (void)data; (void)msg; }

/* Pull the rule id out of the intervention log: ... [id "9500123"] ... */
static void rule_id_from_log(const char *log, char *out, size_t n) {
  const char *p = log ? strstr(log, "[id \"") : NULL;
  size_t i = 0;
  if (p) {
    p += 5;
    while (*p && *p != '"' && i + 1 < n) out[i++] = *p++;
  }
  if (i == 0) out[i++] = '-';
  out[i] = '\0';
}

/* Returns 1 and prints the verdict when the transaction was interrupted. */
static int intervened(Transaction *tx) {
  ModSecurityIntervention it;
  char id[64];
  memset(&it, 0, sizeof it);
  it.status = 200;
  if (!msc_intervention(tx, &it) || !it.disruptive) {
    free(it.log);
    free(it.url);
    return 0;
  }
  rule_id_from_log(it.log, id, sizeof id);
  printf("deny %d %s\n", it.status, id);
  free(it.log);
  free(it.url);
  return 1;
}

static char *next_field(char **cursor) {
  char *start = *cursor, *tab;
  if (!start) return "";
  tab = strchr(start, '\t');
  if (tab) { *tab = '\0'; *cursor = tab + 1; } else { *cursor = NULL; }
  return start;
}

static void run_request(ModSecurity *ms, RulesSet *rules, char *line) {
  char *cursor = line;
  char *method = next_field(&cursor), *uri = next_field(&cursor);
  char *body = next_field(&cursor), *ua = next_field(&cursor);
  char len[32];
  Transaction *tx = msc_new_transaction(ms, rules, NULL);
  size_t body_len = strlen(body);

  if (!*method) method = "GET";
  if (!*uri) uri = "/";
  snprintf(len, sizeof len, "%zu", body_len);
  msc_process_connection(tx, "127.0.0.1", 40000, "127.0.0.1", 80);
  msc_process_uri(tx, uri, method, "1.1");
  if (intervened(tx)) goto done;
  msc_add_request_header(tx, (const unsigned char *)"Host", (const unsigned char *)"localhost");
  if (*ua) msc_add_request_header(tx, (const unsigned char *)"User-Agent", (const unsigned char *)ua);
  if (body_len) {
    msc_add_request_header(tx, (const unsigned char *)"Content-Type",
                           (const unsigned char *)"application/x-www-form-urlencoded");
    msc_add_request_header(tx, (const unsigned char *)"Content-Length", (const unsigned char *)len);
  }
  msc_process_request_headers(tx);
  if (intervened(tx)) goto done;
  if (body_len) msc_append_request_body(tx, (const unsigned char *)body, body_len);
  msc_process_request_body(tx);
  if (intervened(tx)) goto done;
  printf("allow\n");
done:
  msc_process_logging(tx);
  msc_transaction_cleanup(tx);
}

int main(int argc, char **argv) {
  const char *error = NULL;
  FILE *in = stdin;
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  ModSecurity *ms;
  RulesSet *rules;

  if (argc < 2) {
    fprintf(stderr, "usage: %s RULES_FILE [REQUESTS_FILE|-]\n", argv[0]);
    return 64;
  }
  ms = msc_init();
  msc_set_connector_info(ms, "bulwark-modsec-harness");
  msc_set_log_cb(ms, quiet_log);
  rules = msc_create_rules_set();
  if (msc_rules_add(rules, BASE_CONFIG, &error) < 0 || msc_rules_add_file(rules, argv[1], &error) < 0) {
    fprintf(stderr, "rules failed to load: %s\n", error ? error : "(no error text)");
    return 2;
  }
  if (argc > 2 && strcmp(argv[2], "-") != 0 && !(in = fopen(argv[2], "r"))) {
    perror(argv[2]);
    return 66;
  }
  while ((n = getline(&line, &cap, in)) >= 0) {
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
    if (n == 0) continue;
    run_request(ms, rules, line);
    fflush(stdout);
  }
  free(line);
  msc_rules_cleanup(rules);
  msc_cleanup(ms);
  return 0;
}
