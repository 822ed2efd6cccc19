/**
 * A host profile without the API table (host.ts adds it): what the sandbox bundle may import without carrying the
 * requirement-set table. See host.ts.
 */

export type Platform = "windows" | "mac" | "web";

/** Which API classes and members the host has (host.ts builds it from the requirement-set tags). */
export interface ApiGate {
  has(type: string, member?: string): boolean;
}

export interface HostProfile {
  /** What the host is, for messages and test names. */
  name: string;
  /** Highest ExcelApi version (every lower one included). */
  excelApi: string;
  /** Other requirement sets and their highest version (SharedRuntime, CustomFunctionsRuntime, ExcelApiOnline …). */
  sets: Readonly<Record<string, string>>;
  platform: Platform;
  /** Calls the host lacks fail the sync with ApiNotFound (none: only isSetSupported answers for the host). */
  api?: ApiGate;
}

const versionParts = (v: string) => v.split(".").map(Number);

/** a ≤ b for dotted versions. */
export function versionAtMost(a: string, b: string): boolean {
  const x = versionParts(a);
  const y = versionParts(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) < (y[i] ?? 0);
  return true;
}

/** Office.context.requirements.isSetSupported as the host answers it. */
export function isSetSupported(profile: HostProfile, name: string, version?: string): boolean {
  const have = name === "ExcelApi" ? profile.excelApi : profile.sets[name];
  if (have === undefined) return false;
  return version === undefined || versionAtMost(String(version), have);
}

/** The Office global of a host, as much of it as the adapter and the pane use. */
export function officeFor(profile: HostProfile) {
  return {
    context: {
      requirements: {
        isSetSupported: (name: string, version?: string | number) =>
          isSetSupported(profile, name, version === undefined ? undefined : String(version)),
      },
      platform:
        profile.platform === "web" ? "OfficeOnline" : profile.platform === "mac" ? "Mac" : "PC",
      diagnostics: { platform: profile.platform === "web" ? "OfficeOnline" : "PC" },
    },
  };
}

/** What a blank cell is when Excel passes it to a custom function on this host's platform. */
export const blankArgument = (profile: HostProfile): 0 | null =>
  profile.platform === "web" ? null : 0;
