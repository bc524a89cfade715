// The mini-program's typed client: paths, bodies and answers come from the generated
// `mp.d.ts` (make clients), so a renamed field or a new error code is a compile error.
import createClient from "openapi-fetch";

import type { components, paths } from "./mp";

export type { components, paths };
export type ErrorBody = components["schemas"]["ErrorBody"];
export type OrderCreate = components["schemas"]["OrderCreate"];
export type OrderRead = components["schemas"]["OrderRead"];

/** A client for `baseUrl` (e.g. "https://api.example.cn"); `token` from POST /mp/v1/auth/login. */
export function mpClient(baseUrl: string, token?: string) {
  return createClient<paths>({
    baseUrl,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
  });
}
