// A client author's first program against iro, written with the client that
// openapi-typescript + openapi-fetch generate from the served document
// (`.ci/generated-clients` generates `generated/schema.d.ts`, compiles this with
// `tsc --strict` and runs it). It signs in, creates an institution, changes it with
// If-Match, pages through a list and reads a 404 as a problem. Any surprise throws, so
// the process exits non-zero.
//
// Environment: IRO_URL (e.g. http://127.0.0.1:8080) and IRO_ADMIN_PASSWORD.
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/schema.js";

type Problem = components["schemas"]["Problem"];

const baseUrl = required("IRO_URL");
const adminPassword = required("IRO_ADMIN_PASSWORD");
// hei_id prefix: the Python program uses the same server, with its own prefix.
const prefix = "ts-client";

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

function check(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`check failed: ${what}`);
  console.log(`ok: ${what}`);
}

const anonymous = createClient<paths>({ baseUrl });

// 1. Sign in: the OAuth 2.0 password grant, form-encoded as RFC 6749 says.
const signIn = await anonymous.POST("/api/v1/auth/token", {
  body: { grant_type: "password", username: "admin", password: adminPassword },
  bodySerializer: (body) => new URLSearchParams(body as Record<string, string>).toString(),
  headers: { "Content-Type": "application/x-www-form-urlencoded" },
});
if (!signIn.data) throw new Error(`sign-in failed: ${signIn.response.status} ${JSON.stringify(signIn.error)}`);
check(signIn.data.token_type === "Bearer", "the password grant answers a bearer token");

const api = createClient<paths>({
  baseUrl,
  headers: { Authorization: `Bearer ${signIn.data.access_token}` },
});

const me = await api.GET("/api/v1/me");
check(me.data?.kind === "user" && me.data.role === "admin", "GET /me knows who signed in");

// 2. Create an institution; the answer carries its ETag.
const created = await api.POST("/api/v1/institutions", {
  body: {
    hei_id: `${prefix}-0.example.org`,
    name: { en: "TypeScript Client University" },
    country: "BG",
  },
});
if (!created.data) throw new Error(`create failed: ${created.response.status} ${JSON.stringify(created.error)}`);
const id = created.data.id;
const createdTag = created.response.headers.get("ETag");
check(created.response.status === 201 && createdTag !== null, "POST /institutions answers 201 with an ETag");

// 3. Change it with a JSON Merge Patch, based on that version (If-Match).
const patched = await api.PATCH("/api/v1/institutions/{id}", {
  params: { path: { id }, header: { "If-Match": createdTag } },
  body: { city: "Sofia" },
  headers: { "Content-Type": "application/merge-patch+json" },
});
if (!patched.data) throw new Error(`patch failed: ${patched.response.status} ${JSON.stringify(patched.error)}`);
check(patched.data.city === "Sofia", "PATCH with If-Match changes the city");
const patchedTag = patched.response.headers.get("ETag");
check(patchedTag !== null && patchedTag !== createdTag, "the change answers a new ETag");

// The same If-Match again names a version that is no longer current: 412, as a problem.
const stale = await api.PATCH("/api/v1/institutions/{id}", {
  params: { path: { id }, header: { "If-Match": createdTag } },
  body: { city: "Plovdiv" },
  headers: { "Content-Type": "application/merge-patch+json" },
});
const staleProblem: Problem | undefined = stale.error;
check(
  stale.response.status === 412 && staleProblem?.code === "precondition_failed",
  "a stale If-Match answers 412 precondition_failed",
);

// 4. List with paging: two more institutions, then pages of two until next_cursor is null.
for (const n of [1, 2]) {
  const more = await api.POST("/api/v1/institutions", {
    body: { hei_id: `${prefix}-${n}.example.org`, name: { en: `TypeScript Client College ${n}` }, country: "BG" },
  });
  if (!more.data) throw new Error(`create ${n} failed: ${more.response.status}`);
}
// One page of our institutions (the `q` search keeps other programs' rows out).
async function listPage(cursor: string | undefined) {
  const page = await api.GET("/api/v1/institutions", { params: { query: { q: prefix, limit: 2, cursor } } });
  if (!page.data) throw new Error(`list failed: ${page.response.status} ${JSON.stringify(page.error)}`);
  return page.data;
}
const seen: string[] = [];
let cursor: string | undefined = undefined;
let pages = 0;
do {
  const page = await listPage(cursor);
  seen.push(...page.items.map((item) => item.hei_id));
  cursor = page.next_cursor ?? undefined;
  pages += 1;
} while (cursor !== undefined && pages < 10);
check(
  JSON.stringify([...seen].sort()) === JSON.stringify([0, 1, 2].map((n) => `${prefix}-${n}.example.org`)),
  `paging with limit 2 returns each of the 3 institutions once (${pages} pages)`,
);

// 5. A missing institution is a 404 problem with a stable code.
const missing = await api.GET("/api/v1/institutions/{id}", {
  params: { path: { id: "00000000-0000-7000-8000-000000000000" } },
});
const problem: Problem | undefined = missing.error;
check(
  missing.response.status === 404 && problem?.status === 404 && problem.code === "not_found",
  "a missing institution answers a 404 problem with code not_found",
);
check(
  missing.response.headers.get("Content-Type") === "application/problem+json",
  "the 404 is application/problem+json",
);

console.log("typescript client: all checks passed");
