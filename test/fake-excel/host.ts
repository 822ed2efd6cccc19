/**
 * Host profiles: the fake is only as capable as the Excel it stands for.
 *
 * A profile names the ExcelApi version and the other requirement sets a host has, and its platform. The requirement
 * set of every class and member of the API comes from the `[Api set: …]` tags of @types/office-js (the tags
 * learn.microsoft.com shows), written to api-sets.json by scripts/excel-api-sets.js.
 *
 * How Excel refuses what it lacks ("Error handling with the application-specific JavaScript APIs", error code
 * ApiNotFound: "The API you are trying to use could not be found. It may be available in a newer version of the
 * Office application."): office.js from the CDN always carries the newest API surface, so the call itself queues
 * fine; the host rejects the request at context.sync(). The fake does the same: a call, property write or load whose
 * set the profile lacks queues an action that fails the sync with ApiNotFound (actions queued before it stay
 * applied, later ones are dropped, as for any error in a batch).
 *
 * Platforms: a blank cell reaches a custom function as 0 on Windows and Mac (desktop) and as null on the web
 * (office-js #4702, #5262).
 */
import API_SETS from "./api-sets.json";
import { isSetSupported, type HostProfile } from "./host-profile";

export {
  blankArgument,
  isSetSupported,
  officeFor,
  versionAtMost,
  type ApiGate,
  type HostProfile,
  type Platform,
} from "./host-profile";

const LATEST_EXCEL_API = "1.20";

const TABLE = API_SETS as { classes: Record<string, string>; members: Record<string, string> };

/** "ExcelApi 1.10" → supported by the profile? Unknown members (fake internals, load, track) are not restricted. */
function setSupported(profile: HostProfile, set: string | undefined): boolean {
  if (!set) return true;
  const m = /^(\w+)\s+(\d+(?:\.\d+)*)$/.exec(set);
  if (!m) return false; // preview or unnumbered sets: no profile has them
  return isSetSupported(profile, m[1], m[2]);
}

/** The requirement set of an API class or member ("Range", "getCellProperties"), as @types/office-js tags it. */
export function apiSetOf(type: string, member?: string): string | undefined {
  return member === undefined ? TABLE.classes[type] : TABLE.members[`${type}.${member}`];
}

/** Whether the host has the class and (when known to the API) the member. */
export function hostHas(profile: HostProfile, type: string, member?: string): boolean {
  if (!setSupported(profile, TABLE.classes[type])) return false;
  return member === undefined || setSupported(profile, TABLE.members[`${type}.${member}`]);
}

/** A profile whose calls above its sets are refused (its `api` gate). */
export function gated(profile: Omit<HostProfile, "api">): HostProfile {
  const p: HostProfile = { ...profile };
  p.api = { has: (type, member) => hostHas(p, type, member) };
  return p;
}

/**
 * The hosts of issue 12 item 1, from "Excel JavaScript API requirement sets" (learn.microsoft.com) and the
 * "Shared runtime requirement sets" / "Custom functions requirement sets" pages.
 */
const PROFILES = {
  /** Office 2016 volume-licensed: ExcelApi 1.1 only ("Excel JavaScript API requirement set 1.1"). */
  office2016: { name: "Office 2016（批量许可）", excelApi: "1.1", sets: {}, platform: "windows" },
  /** Office 2019 volume-licensed: ExcelApi up to 1.7 (per the brief and office-hosts.md); no shared runtime, no custom functions. */
  office2019: { name: "Office 2019（批量许可）", excelApi: "1.7", sets: {}, platform: "windows" },
  /** Office 2021 LTSC: ExcelApi 1.14; SharedRuntime from Version 2108; custom functions (the docs contradict each other). */
  office2021: {
    name: "Office LTSC 2021",
    excelApi: "1.14",
    sets: { SharedRuntime: "1.1", CustomFunctionsRuntime: "1.3" },
    platform: "windows",
  },
  /** Office 2024 LTSC: ExcelApi 1.17, no 1.18 (notes) on any volume-licensed build. */
  office2024: {
    name: "Office LTSC 2024",
    excelApi: "1.17",
    sets: { SharedRuntime: "1.1", CustomFunctionsRuntime: "1.4" },
    platform: "windows",
  },
  /** Microsoft 365 on Windows: the latest sets, notes (1.18) included. */
  m365: {
    name: "Microsoft 365（Windows）",
    excelApi: LATEST_EXCEL_API,
    sets: { SharedRuntime: "1.1", CustomFunctionsRuntime: "1.4", ExcelApiDesktop: "1.1" },
    platform: "windows",
  },
  /** Excel on the web: the latest sets and the online-only ones; blank cells reach custom functions as null. */
  web: {
    name: "Excel 网页版",
    excelApi: LATEST_EXCEL_API,
    sets: { SharedRuntime: "1.1", CustomFunctionsRuntime: "1.4", ExcelApiOnline: "1.1" },
    platform: "web",
  },
} as const satisfies Record<string, Omit<HostProfile, "api">>;

export const HOSTS = Object.fromEntries(
  Object.entries(PROFILES).map(([k, p]) => [k, gated(p)])
) as Record<keyof typeof PROFILES, HostProfile>;
