// The `events.evidence_created` message: a JSON object that either references an object in
// S3/MinIO (bucket, key, sha256) or carries the evidence inline, in one of the formats Bulwark
// reads (`bulwark` = its own evidence JSON; the capture formats of
// domain/threat/evidence/adapters). Unknown extra fields are ignored (producers may add theirs).
import { z } from 'zod';
import { CAPTURE_FORMATS, isCaptureFormat, type CaptureFormat } from '../../domain/threat/evidence/adapters';
import { EvidenceSchema } from '../../domain/threat/evidence/schema';

export const EVENT_FORMATS = ['bulwark', ...CAPTURE_FORMATS] as const;
export type EventFormat = 'bulwark' | CaptureFormat;

export const ObjectRefSchema = z
  .object({
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name'),
    key: z.string().min(1).max(1024),
    /** Hex SHA-256 of the object's bytes, checked after the download. */
    sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex digits').transform((h) => h.toLowerCase()),
  })
  .strict();

export const EvidenceEventSchema = z
  .object({
    format: z.string().default('bulwark'),
    object: ObjectRefSchema.optional(),
    /** The content itself: the file's text, or (format bulwark) the evidence object. */
    inline: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
    /** Overrides the source recorded for capture formats. */
    source: EvidenceSchema.shape.source.optional(),
    target: EvidenceSchema.shape.target,
  })
  .refine((e) => (e.object === undefined) !== (e.inline === undefined), { message: 'exactly one of "object" or "inline"' });

export type EvidenceEvent = z.infer<typeof EvidenceEventSchema> & { format: EventFormat };

/** Why an event is dead-lettered (header `x-dead-letter-reason`). */
export type DeadLetterReason = 'malformed_message' | 'unknown_format' | 'missing_object' | 'hash_mismatch' | 'invalid_evidence' | 'evidence_conflict';

export class DeadLetter extends Error {
  constructor(
    readonly reason: DeadLetterReason,
    message: string,
  ) {
    super(message);
  }
}

/** Message bytes → event; a DeadLetter for bytes that are not a valid event or name an unknown format. */
export function parseEvidenceEvent(value: Buffer | null): EvidenceEvent {
  if (!value || !value.length) throw new DeadLetter('malformed_message', 'empty message');
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(value));
  } catch (err) {
    throw new DeadLetter('malformed_message', `not UTF-8 JSON: ${(err as Error).message}`);
  }
  const res = EvidenceEventSchema.safeParse(json);
  if (!res.success) {
    const i = res.error.issues[0];
    throw new DeadLetter('malformed_message', `${i.path.join('.') || 'event'}: ${i.message}`);
  }
  const format = res.data.format;
  if (format !== 'bulwark' && !isCaptureFormat(format)) {
    throw new DeadLetter('unknown_format', `format "${format.slice(0, 64)}" is not one of ${EVENT_FORMATS.join(', ')}`);
  }
  return { ...res.data, format };
}
