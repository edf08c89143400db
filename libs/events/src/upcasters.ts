/**
 * Schema evolution: a changed event shape keeps its type, gets a new schema version, and old
 * versions are upcast on read. Additive optional fields need no new version.
 */
export type JsonObject = { readonly [key: string]: unknown };

export type Upcaster = Readonly<{
  type: string;
  fromVersion: number;
  upcast: (data: JsonObject) => JsonObject;
}>;

export type VersionedEventData = Readonly<{ type: string; schemaVersion: number; data: unknown }>;

/**
 * ConsultationHeld v1 (before the joint centre opened, 2012) recorded channels as
 * `face-to-face` / `telephone` and had no `kind`: every consultation was a job consultation.
 */
export const consultationHeldV1ToV2: Upcaster = {
  type: 'ConsultationHeld',
  fromVersion: 1,
  upcast: (data) => {
    const v1Channels: Record<string, string> = { 'face-to-face': 'in-person', telephone: 'phone' };
    const channel = String(data['channel']);
    return { ...data, channel: v1Channels[channel] ?? channel, kind: data['kind'] ?? 'job-consultation' };
  },
};

export const UPCASTERS: readonly Upcaster[] = [consultationHeldV1ToV2];

/** The version new events of `type` are written with. */
export function currentSchemaVersion(type: string, upcasters: readonly Upcaster[] = UPCASTERS): number {
  return upcasters.filter((u) => u.type === type).reduce((version, u) => Math.max(version, u.fromVersion + 1), 1);
}

/** Brings stored data of any known version up to the current shape of its type. */
export function upcast(event: VersionedEventData, upcasters: readonly Upcaster[] = UPCASTERS): { type: string; data: JsonObject } {
  let data = (event.data ?? {}) as JsonObject;
  for (let version = event.schemaVersion; ; version += 1) {
    const next = upcasters.find((u) => u.type === event.type && u.fromVersion === version);
    if (!next) return { type: event.type, data };
    data = next.upcast(data);
  }
}
