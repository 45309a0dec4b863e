"""Vietnamese and English texts of the admission rule codes; placeholders are the values each rule raises."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "admission.age_range": {
        "vi": "Tuổi đời {age_months} tháng tại ngày chi bộ xét kết nạp ({vote_date}) nằm ngoài khoảng "
        "từ {min_months} đến {max_months} tháng (từ đủ 18 tuổi đến đủ 60 tuổi); trên 60 tuổi cần quyết định "
        "của cấp ủy trực thuộc Trung ương (age_exception).",
        "en": "Age {age_months} months is outside {min_months}–{max_months} months at the branch vote ({vote_date}); "
        "over 60 needs the decision of a committee directly under the Central Committee (age_exception).",
    },
    "admission.certificate_after_vote": {
        "vi": "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng ({certificate_date}) cấp sau ngày chi bộ "
        "xét kết nạp ({vote_date}).",
        "en": "The party-awareness class certificate ({certificate_date}) is dated after the branch vote "
        "({vote_date}).",
    },
    "admission.certificate_expired": {
        "vi": "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng ngày {certificate_date} chỉ có giá trị "
        "{validity_months} tháng, đã hết hạn ngày {expired_on}, trước ngày chi bộ xét kết nạp ({vote_date}).",
        "en": "The party-awareness class certificate of {certificate_date} is valid {validity_months} months "
        "and expired on {expired_on}, before the branch vote ({vote_date}).",
    },
    "admission.introducer_count": {
        "vi": "Cần {required} đảng viên giới thiệu, hiện có {count}.",
        "en": "{required} introducing members are required; {count} were given.",
    },
    "admission.introducer_is_candidate": {
        "vi": "Người vào Đảng ({person_id}) không thể tự giới thiệu mình.",
        "en": "The candidate ({person_id}) cannot be their own introducer.",
    },
    "admission.introducers_not_distinct": {
        "vi": "Đảng viên {person_id} được ghi hai lần; hai người giới thiệu phải là hai người khác nhau.",
        "en": "Member {person_id} is listed twice; the two introducers must be different people.",
    },
    "admission.introducer_not_official": {
        "vi": "Người giới thiệu {person_id} không phải là đảng viên chính thức.",
        "en": "Introducer {person_id} is not an official member.",
    },
    "admission.introducer_worked_together": {
        "vi": "Người giới thiệu {person_id} mới cùng công tác với người vào Đảng {months} tháng, "
        "chưa đủ {min_months} tháng.",
        "en": "Introducer {person_id} has worked with the candidate for {months} months, fewer than {min_months}.",
    },
    "admission.age_exception_issuer": {
        "vi": "Quyết định kết nạp người trên 60 tuổi phải do cấp ủy trực thuộc Trung ương ban hành; tổ chức ghi "
        "trong issuing_org_id là «{kind}».",
        "en": "The decision admitting someone over 60 must come from a committee directly under the Central "
        "Committee; issuing_org_id is a '{kind}'.",
    },
    "admission.youth_union_age": {
        "vi": "Người vào Đảng {age_years} tuổi vào ngày {on}, quá độ tuổi đoàn viên thanh niên ({max_years} tuổi): "
        "Ban Chấp hành Đoàn cơ sở không thể giới thiệu; cần hai đảng viên chính thức.",
        "en": "The applicant is {age_years} on {on}, past Youth Union age ({max_years}): the Youth Union cannot "
        "introduce them; two official members must.",
    },
    "admission.vote_counts_invalid": {
        "vi": "Số phiếu không hợp lệ: {votes_for} tán thành, {votes_against} không tán thành trên "
        "{official_members} đảng viên chính thức.",
        "en": "Invalid vote counts: {votes_for} for and {votes_against} against out of {official_members} "
        "official members.",
    },
    "admission.branch_vote_not_passed": {
        "vi": "Chỉ có {votes_for}/{official_members} đảng viên chính thức tán thành; cần ít nhất {required} "
        "(hai phần ba số đảng viên chính thức của chi bộ trở lên).",
        "en": "Only {votes_for} of {official_members} official members voted for; at least {required} "
        "(two thirds of the branch's official members) are required.",
    },
    "admission.recognition_vote_not_passed": {
        "vi": "Chỉ có {votes_for}/{official_members} đảng viên chính thức tán thành công nhận đảng viên chính thức; "
        "cần ít nhất {required} (hai phần ba). Đảng viên dự bị không được công nhận thì bị xóa tên "
        "(lý do: không được công nhận đảng viên chính thức).",
        "en": "Only {votes_for} of {official_members} official members voted to recognise; at least {required} "
        "(two thirds) are required. A probationary member not recognised is removed from the rolls "
        "(reason not_recognised).",
    },
    "admission.recognition_decision_before_vote": {
        "vi": "Quyết định công nhận đảng viên chính thức ({decision_date}) trước ngày chi bộ xét ({vote_date}).",
        "en": "The recognition decision ({decision_date}) is dated before the branch's vote ({vote_date}).",
    },
    "admission.review_counts_invalid": {
        "vi": "Số phiếu không hợp lệ: {votes_for} tán thành, {votes_against} không tán thành trên "
        "{committee_members} cấp ủy viên.",
        "en": "Invalid review counts: {votes_for} for and {votes_against} against out of {committee_members} "
        "committee members.",
    },
    "admission.committee_review_not_passed": {
        "vi": "Chỉ có {votes_for}/{committee_members} cấp ủy viên đồng ý; cần ít nhất {required} "
        "(hai phần ba số cấp ủy viên của đảng ủy cơ sở trở lên).",
        "en": "Only {votes_for} of {committee_members} committee members agreed; at least {required} "
        "(two thirds of the grassroots committee's members) are required.",
    },
    "admission.committee_review_not_applicable": {
        "vi": "Chi bộ loại «{branch_kind}» là tổ chức cơ sở đảng: nghị quyết của chi bộ không qua đảng ủy cơ sở xét.",
        "en": "A '{branch_kind}' is itself the grassroots organisation: no grassroots committee reviews its "
        "resolution.",
    },
    "admission.review_before_vote": {
        "vi": "Ngày đảng ủy cơ sở xét ({review_date}) trước ngày chi bộ biểu quyết ({vote_date}).",
        "en": "The grassroots committee's review ({review_date}) is dated before the branch vote ({vote_date}).",
    },
    "admission.committee_review_required": {
        "vi": "Chi bộ trực thuộc đảng ủy cơ sở: cần đảng ủy cơ sở xét (hai phần ba số cấp ủy viên đồng ý) "
        "trước khi cấp ủy có thẩm quyền quyết định kết nạp.",
        "en": "The branch is under a grassroots committee: that committee's review (two thirds of its members) "
        "must be recorded before the admission decision.",
    },
    "admission.decision_before_review": {
        "vi": "Ngày quyết định kết nạp ({decision_date}) trước ngày đảng ủy cơ sở xét ({review_date}).",
        "en": "The admission decision ({decision_date}) is dated before the grassroots committee's review "
        "({review_date}).",
    },
    "admission.readmission_excluded": {
        "vi": "Người ra khỏi Đảng vì lý do «{exit_reason}» không được xem xét kết nạp lại (điểm 3.5.2 Quy định "
        "thi hành Điều lệ Đảng).",
        "en": "A former member who left for '{exit_reason}' is never readmitted (point 3.5.2 of the regulations "
        "implementing the Charter).",
    },
    "admission.readmitted_before": {
        "vi": "Người này đã được kết nạp lại một lần; chỉ xem xét kết nạp lại một lần (điểm 3.5.3).",
        "en": "This person has already been readmitted once; readmission is possible only once (point 3.5.3).",
    },
    "admission.record_cleared_date_required": {
        "vi": "Người bị án hình sự về tội ít nghiêm trọng: cần ngày được xóa án tích (record_cleared_on).",
        "en": "After a conviction for a less serious crime, the date the record was cleared (record_cleared_on) "
        "is required.",
    },
    "admission.readmission_too_soon_after_record": {
        "vi": "Được xóa án tích ngày {record_cleared_on}, mới {months} tháng; chỉ xem xét kết nạp lại sau "
        "{min_months} tháng, từ ngày {eligible_from}.",
        "en": "The criminal record was cleared on {record_cleared_on}, only {months} months ago; readmission is "
        "possible after {min_months} months, from {eligible_from}.",
    },
    "admission.readmission_consent_required": {
        "vi": "Kết nạp lại cần văn bản đồng ý của Ban Thường vụ tỉnh ủy, thành ủy (readmission_consent).",
        "en": "A readmission needs the provincial standing committee's written consent (readmission_consent).",
    },
    "admission.consent_after_decision": {
        "vi": "Văn bản đồng ý kết nạp lại ({consent_date}) ghi ngày sau quyết định kết nạp ({decision_date}).",
        "en": "The consent to readmission ({consent_date}) is dated after the admission decision ({decision_date}).",
    },
    "admission.readmission_too_soon": {
        "vi": "Người ra khỏi Đảng ngày {left_on} mới được {months_out} tháng; chỉ xem xét kết nạp lại sau "
        "{min_months} tháng, từ ngày {eligible_from}.",
        "en": "Left the party on {left_on}, only {months_out} months ago; readmission is possible after "
        "{min_months} months, from {eligible_from}.",
    },
    "admission.decision_before_vote": {
        "vi": "Ngày quyết định kết nạp ({decision_date}) trước ngày chi bộ biểu quyết ({vote_date}).",
        "en": "The admission decision ({decision_date}) is dated before the branch vote ({vote_date}).",
    },
    "admission.decision_late": {
        "vi": "Quyết định kết nạp ngày {decision_date} sau {working_days_taken} ngày làm việc kể từ "
        "nghị quyết của chi bộ ({vote_date}), quá thời hạn {limit_working_days} ngày làm việc "
        "(hạn {deadline}).",
        "en": "The admission decision of {decision_date} came {working_days_taken} working days after the "
        "branch vote ({vote_date}), beyond the {limit_working_days}-working-day limit ({deadline}).",
    },
    "admission.ceremony_before_decision": {
        "vi": "Lễ kết nạp ({ceremony_date}) tổ chức trước ngày quyết định kết nạp ({decision_date}).",
        "en": "The admission ceremony ({ceremony_date}) is dated before the decision ({decision_date}).",
    },
    "admission.ceremony_late": {
        "vi": "Lễ kết nạp ngày {ceremony_date} sau {working_days_taken} ngày làm việc kể từ quyết định "
        "({decision_date}), quá thời hạn {limit_working_days} ngày làm việc (hạn {deadline}).",
        "en": "The admission ceremony of {ceremony_date} came {working_days_taken} working days after the "
        "decision ({decision_date}), beyond the {limit_working_days}-working-day limit ({deadline}).",
    },
    "admission.probation_not_over": {
        "vi": "Chưa hết thời kỳ dự bị (hết vào ngày {probation_ends_on}); chi bộ chưa thể xét công nhận "
        "đảng viên chính thức vào ngày {vote_date}.",
        "en": "Probation is not over: it ends on {probation_ends_on}, so the branch cannot vote on "
        "recognition on {vote_date}.",
    },
    "admission.recognition_late": {
        "vi": "Chi bộ xét công nhận đảng viên chính thức ngày {vote_date}, quá {limit_working_days} ngày làm "
        "việc sau khi hết thời kỳ dự bị ({probation_ends_on}; hạn {deadline}).",
        "en": "The recognition vote of {vote_date} is more than {limit_working_days} working days after the "
        "end of probation ({probation_ends_on}; deadline {deadline}).",
    },
    "admission.invalid_transition": {
        "vi": "Không thể thực hiện bước «{command}» khi hồ sơ kết nạp đang ở bước «{current}».",
        "en": "The step '{command}' is not allowed while the admission is at '{current}'.",
    },
}
