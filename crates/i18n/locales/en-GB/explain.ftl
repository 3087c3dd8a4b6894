explain-grade = Grade

explain-not_met_locked = not met (kept together by your lock)

explain-pairs-intro = Each pair shows every criterion with its points and its share of that criterion's best, the pair's share of the best possible score, and every rule it had to pass.

explain-passed = passed

explain-points = { $points } of { $max } points ({ $percent }%)

explain-profession = Profession

explain-rule-availability = At least one shared time slot

explain-rule-declared_conflict = No declared conflict of interest

explain-rule-different_organisation = Different organisation

explain-rule-direct_report = Neither manages the other

explain-rule-forbidden = Not a pair you forbade

explain-rule-goals = Goals covered

explain-rule-grade_gap = Seniority gap within one level of the ideal

explain-rule-language = A shared language

explain-rule-managers_manager = Neither is the other's manager's manager

explain-rule-mode = A way of meeting both can use

explain-rule-previous_partner = Not matched with each other before in this intake

explain-rule-profession = Profession as the programme prefers

explain-rule-reverse_pair = Not each other's mentor and mentee at once

explain-rule-same_line_manager = Not the same line manager

explain-total = { $percent }% of the best possible

explain-unknown = Not recorded

explain-unmatched-nobody = Nobody applied on the other side.

explain-unmatched-rule_count =
    { $rule }: ruled out { $excluded } of { $total ->
        [one] { $total } possible partner
       *[other] { $total } possible partners
    }

matching-reason-blocked_by_rules = Every possible partner is ruled out by a rule

matching-reason-too_few_for_set = Too few people for a set of the programme's smallest size
