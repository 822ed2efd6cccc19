/**
 * A small subset of Excel number formatting, enough for Range.text:
 * General, 0, 0.00, #,##0, #,##0.00, 0%, 0.00%, @, literal text in quotes or
 * after a backslash, and up to four ";"-separated sections. Date/time formats,
 * fractions, scientific formats and colour/condition tags are NOT rendered: the
 * value falls back to General (dates are shown as their serial number).
 */

export function formatGeneral(v: number): string {
  if (!Number.isFinite(v)) return "#NUM!";
  if (v === 0) return "0";
  const abs = Math.abs(v);
  if (abs >= 1e11 || abs < 1e-9) {
    const [mant, exp] = v.toExponential(5).split("e");
    const m = mant.replace(/\.?0+$/, "");
    const e = Number(exp);
    return `${m}E${e < 0 ? "-" : "+"}${String(Math.abs(e)).padStart(2, "0")}`;
  }
  // Excel shows at most ~10 significant digits in a General cell of standard width.
  const digitsBeforePoint = Math.max(1, Math.floor(Math.log10(abs)) + 1);
  const decimals = Math.max(0, 10 - digitsBeforePoint);
  let s = abs.toFixed(Math.min(decimals, 20));
  if (s.includes(".")) s = s.replace(/\.?0+$/, "");
  return (v < 0 ? "-" : "") + s;
}

function splitSections(fmt: string): string[] {
  const out: string[] = [];
  let cur = "";
  let inQuote = false;
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch === '"') inQuote = !inQuote;
    if (ch === "\\" && !inQuote && i + 1 < fmt.length) {
      cur += ch + fmt[++i];
      continue;
    }
    if (ch === ";" && !inQuote) {
      out.push(cur);
      cur = "";
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

function roundHalfAway(x: number, decimals: number): number {
  const sign = x < 0 ? -1 : 1;
  return sign * Number(Math.round(Number(Math.abs(x) + "e" + decimals)) + "e-" + decimals);
}

function groupThousands(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Render one numeric section (sign already handled by the caller). */
function renderNumericSection(section: string, v: number): string | null {
  // Strip [Color] / [condition] tags.
  const body = section.replace(/\[[^\]]*\]/g, "");
  if (/[yYmMdDhHsS]/.test(body.replace(/"[^"]*"/g, "").replace(/\\./g, ""))) return null; // date/time: unsupported
  if (/[eE][+-]/.test(body.replace(/"[^"]*"/g, ""))) return null; // scientific: unsupported
  if (/\?|\//.test(body.replace(/"[^"]*"/g, ""))) return null; // fractions: unsupported
  // Find the numeric placeholder run.
  const tokens: Array<{ lit: string } | { num: string }> = [];
  let i = 0;
  let numRun = "";
  const flushNum = () => {
    if (numRun) tokens.push({ num: numRun });
    numRun = "";
  };
  while (i < body.length) {
    const ch = body[i];
    if (ch === '"') {
      flushNum();
      const j = body.indexOf('"', i + 1);
      tokens.push({ lit: body.slice(i + 1, j < 0 ? undefined : j) });
      i = j < 0 ? body.length : j + 1;
    } else if (ch === "\\") {
      flushNum();
      tokens.push({ lit: body[i + 1] ?? "" });
      i += 2;
    } else if (ch === "_") {
      flushNum();
      tokens.push({ lit: " " });
      i += 2;
    } else if (ch === "*") {
      flushNum();
      i += 2;
    } else if ("0#,.".includes(ch)) {
      numRun += ch;
      i++;
    } else {
      flushNum();
      tokens.push({ lit: ch });
      i++;
    }
  }
  flushNum();
  const percentCount = tokens.filter((t) => "lit" in t && t.lit === "%").length;
  let x = v * Math.pow(100, percentCount);
  const numToken = tokens.find((t): t is { num: string } => "num" in t);
  if (!numToken) return tokens.map((t) => ("lit" in t ? t.lit : "")).join("");
  let pattern = numToken.num;
  // Trailing commas scale by 1000 each.
  while (pattern.endsWith(",")) {
    x /= 1000;
    pattern = pattern.slice(0, -1);
  }
  const [intPat, decPat = ""] = pattern.split(".");
  const decimals = decPat.replace(/[^0#]/g, "").length;
  const minDecimals = decPat.replace(/[^0]/g, "").length;
  const grouping = intPat.includes(",");
  const minInt = intPat.replace(/[^0]/g, "").length;
  const rounded = roundHalfAway(x, decimals);
  let [ip, dp = ""] = Math.abs(rounded).toFixed(decimals).split(".");
  if (ip === "0" && minInt === 0) ip = "";
  ip = ip.padStart(minInt, "0");
  if (grouping) ip = groupThousands(ip);
  dp = dp.replace(/0+$/, "");
  if (dp.length < minDecimals) dp = dp.padEnd(minDecimals, "0");
  const numText = ip + (decPat !== "" && (dp.length > 0 || pattern.includes(".")) ? "." + dp : "");
  let out = "";
  for (const t of tokens) out += "lit" in t ? t.lit : t === numToken ? numText : "";
  return out;
}

export function formatNumber(v: number, fmt: string): string {
  if (!fmt || fmt === "General" || fmt === "@") return formatGeneral(v);
  const sections = splitSections(fmt);
  let section: string;
  let value = v;
  if (v > 0 || sections.length === 1) {
    section = sections[0];
    if (sections.length === 1 && v < 0) {
      const r = renderNumericSection(section, -v);
      return r === null ? formatGeneral(v) : "-" + r;
    }
  } else if (v < 0) {
    section = sections[1];
    value = -v;
  } else {
    section = sections[2] ?? sections[0];
  }
  if (/^\s*General\s*$/i.test(section)) return formatGeneral(value);
  // General with literals around it ('"+"General;"-"General;"✓"'): the literals and the number as General.
  if (/General/i.test(section.replace(/"[^"]*"/g, "")))
    return section
      .split(/("[^"]*")/)
      .map((part) =>
        part.startsWith('"') ? part.slice(1, -1) : part.replace(/General/gi, formatGeneral(value))
      )
      .join("");
  const r = renderNumericSection(section, value);
  return r === null ? formatGeneral(v) : r;
}

export function formatText(s: string, fmt: string): string {
  const sections = splitSections(fmt || "General");
  const sec =
    sections.length >= 4
      ? sections[3]
      : sections.length === 1 && sections[0].includes("@")
        ? sections[0]
        : null;
  if (!sec) return s;
  return sec.replace(/"([^"]*)"/g, "$1").replace(/@/g, s);
}
