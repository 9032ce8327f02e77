import type { Agency } from "../config/schema.js";
import type { Content } from "../content/load-content.js";
import { gradeLabel } from "../content/scale-label.js";
import type { Pending } from "./pending.js";
import type { PackageManifest } from "./package-manifest.js";

/** The plain Dutch cover text of a package: the report, the groups with their grades, what changed, the manifest's checksum. */
export function coverText(content: Content, agency: Agency, manifest: PackageManifest, manifestSha256: string, pending: Pending, notGraded: string): string {
  const { report } = content;
  const date = new Intl.DateTimeFormat("nl", { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${report.published}T00:00:00Z`));
  const groups = content.groups.filter((group) => manifest.files.some((file) => file.group === group.slug));
  const titleOf = (slug: string) => (slug === "rapport" ? "het volledige rapport" : (content.groups.find((group) => group.slug === slug)?.title ?? slug));
  const change =
    pending.state === "never"
      ? "Dit is het eerste pakket dat u van ons ontvangt."
      : pending.state === "changed"
        ? `Gewijzigd sinds uw vorige exemplaar: ${pending.groups.map(titleOf).join("; ")}.`
        : "Er is niets gewijzigd sinds uw vorige exemplaar.";
  return [
    `Geachte ${agency.name},`,
    "",
    `Hierbij ontvangt u de bestanden van het rapport “${report.title}” (${date}) van de ${report.publisher}.`,
    "",
    ...(groups.length > 0 ? ["De groepen in dit pakket, met hun kwetsbaarheid volgens de bron:", ...groups.map((group) => `- ${group.title}: ${gradeLabel(report.scales.vulnerability, group.vulnerability?.grade, notGraded)}`), ""] : []),
    ...(manifest.files.some((file) => file.kind === "rapport") ? ["Het pakket bevat ook het volledige rapport als één pdf.", ""] : []),
    change,
    "",
    `Controlegetal (SHA-256) van het manifest: ${manifestSha256}`,
    "Met dit getal en het meegestuurde manifest kunt u nagaan dat de bestanden ongewijzigd zijn.",
    "",
    "Met vriendelijke groet,",
    report.publisher,
    report.website,
    "",
  ].join("\n");
}
