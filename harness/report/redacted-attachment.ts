import type { Redactor } from "../security/redactor";

/**
 * What a scenario attaches (frames, traces, a pcap, notices, Allure's own runtime messages), as
 * it may leave the process: text scrubbed of every key the redactor knows, binary data with the
 * keys' bytes overwritten. Anything else (a stream) passes as it is: the suite attaches none.
 */
export function redactAttachment<T>(
  redactor: Redactor,
  data: T,
  mediaTypeOrOptions: string | { readonly mediaType: string } | undefined,
): T {
  if (typeof data === "string") return redactor.scrub(data) as T;
  if (!Buffer.isBuffer(data)) return data;
  const mediaType = typeof mediaTypeOrOptions === "string" ? mediaTypeOrOptions : (mediaTypeOrOptions?.mediaType ?? "");
  if (isText(mediaType)) return Buffer.from(redactor.scrub(data.toString("utf8")), "utf8") as T;
  return Buffer.from(redactor.maskBytes(data)) as T;
}

function isText(mediaType: string): boolean {
  return /^text\/|[/+](json|xml)\b/i.test(mediaType);
}
