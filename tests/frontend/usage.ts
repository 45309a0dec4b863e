// What a front end reads from the generated clients, with no cast anywhere: `tsc --strict` fails if an enum
// turns back into `string`, a header stops being declared, a JSON operation starts answering files too, or the
// figures become an open map again. The generated modules are written to gen/ by the test.
import type { components as Membership, paths as MembershipPaths } from "./gen/membership";
import type { components as Meetings, paths as MeetingsPaths } from "./gen/meetings";
import type { components as Inspection } from "./gen/inspection";
import type { components as Reporting, paths as ReportingPaths } from "./gen/reporting";

type OrgOut = Membership["schemas"]["OrgOut"];
type MemberOut = Membership["schemas"]["MemberOut"];

// Exhaustive switches: `never` only type-checks when every value of a real enum is handled.
export function kindLabel(kind: OrgOut["kind"]): string {
  switch (kind) {
    case "province": return "Đảng bộ tỉnh";
    case "district": return "Đảng bộ huyện";
    case "grassroots_committee": return "Đảng bộ cơ sở";
    case "grassroots_branch": return "Chi bộ cơ sở";
    case "partial_committee": return "Đảng bộ bộ phận";
    case "branch": return "Chi bộ";
    default: { const unknown: never = kind; return unknown; }
  }
}

export function isActive(org: OrgOut): boolean {
  const status: "active" | "merged" | "dissolved" = org.status;
  return status === "active";
}

export function counts(member: MemberOut): boolean {
  switch (member.status) {
    case "probationary": case "official": case "exempt": case "transfer_pending": case "temporarily_away":
      return true;
    case "removed": case "resigned": case "expelled": case "deceased":
      return false;
    default: { const unknown: never = member.status; return unknown; }
  }
}

export const genders: MemberOut["gender"][] = ["male", "female", "other"];
// @ts-expect-error: a gender outside the enum is refused
export const badGender: MemberOut["gender"] = "unknown";
export const stage: Membership["schemas"]["CandidateOut"]["stage"] = "branch_voted";
export const importStatus: Membership["schemas"]["ImportOut"]["status"] = "done";
export const importFormat: Membership["schemas"]["ImportOut"]["format"] = "xlsx";
export const evaluation: Meetings["schemas"]["EvaluationOut"]["status"] = "confirmed";
export const meetingStatus: Meetings["schemas"]["MeetingOut"]["status"] = "held";
export const discipline: Inspection["schemas"]["DisciplineOut"]["status"] = "in_force";
export const batch: Inspection["schemas"]["BatchOut"]["status"] = "superseded";
export const measure: Inspection["schemas"]["DisciplineOut"]["measure"] = "warning";
export const grade: Inspection["schemas"]["EntryOut"]["grade"] = "excellent";

// ETag and Location are typed response headers; Idempotency-Key and If-Match are typed request headers.
type CreateOrg = MembershipPaths["/api/v1/orgs"]["post"];
type RenameOrg = MembershipPaths["/api/v1/orgs/{org_id}/rename"]["post"];
export function created(headers: CreateOrg["responses"][201]["headers"]): { etag: string; location: string } {
  return { etag: headers.ETag, location: headers.Location };
}
export function replayed(headers: CreateOrg["responses"][201]["headers"]): boolean {
  return headers["Idempotent-Replayed"] === "true";
}
export const createHeaders: NonNullable<CreateOrg["parameters"]["header"]> = { "Idempotency-Key": "a5e1…" };
export function renameHeaders(etag: string): NonNullable<RenameOrg["parameters"]["header"]> {
  return { "Idempotency-Key": "b7c2…", "if-match": etag };
}
type FillEvaluation = MeetingsPaths["/api/v1/meetings/{meeting_id}/evaluation"]["put"];
export function evaluationEtag(headers: FillEvaluation["responses"][201]["headers"]): string {
  return headers.ETag;
}

// Reports: the JSON operation answers JSON only, files have their own operation, figures are named.
type SummaryOp = ReportingPaths["/api/v1/reports/{org_id}/summary"]["get"];
type Summary = SummaryOp["responses"][200]["content"]["application/json"];
export const jsonOnly: keyof SummaryOp["responses"][200]["content"] = "application/json";
// @ts-expect-error: the JSON operation declares no CSV
export const noCsv: keyof SummaryOp["responses"][200]["content"] = "text/csv";
export function members(summary: Summary): number | null | undefined {
  return summary.figures.members_total;
}
export function attendance(summary: Summary): string | null | undefined {
  return summary.figures.attendance_rate;
}
export function unknownFigure(summary: Summary): unknown {
  // @ts-expect-error: there is no such figure
  return summary.figures.not_a_figure;
}
export const summaryKind: Reporting["schemas"]["OrgOut"]["kind"] = "grassroots_committee";
export const granularity: Reporting["schemas"]["Series"]["granularity"] = "quarter";
type ExportOp = ReportingPaths["/api/v1/reports/{org_id}/summary/export"]["get"];
export const format: ExportOp["parameters"]["query"]["format"] = "xlsx";
// @ts-expect-error: only csv and xlsx
export const badFormat: ExportOp["parameters"]["query"]["format"] = "pdf";
export function freshness(headers: ExportOp["responses"][200]["headers"]): string {
  return headers["Last-Event-At"];
}
