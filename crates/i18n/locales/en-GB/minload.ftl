matching-reason-mentor_below_minimum = Mentor below the programme's minimum: their eligible mentees were needed to place more mentees or to bring other mentors up to the minimum

minload-all_met =
    { $min ->
        [one] Every mentor with places reached the programme's minimum of { $min } mentee.
       *[other] Every mentor with places reached the programme's minimum of { $min } mentees.
    }

minload-below-caption = Mentors this run left below the programme's minimum load, with the reason

minload-below-load = Mentees

minload-below-mentor = Mentor

minload-below-min = Minimum

minload-below-reason = Reason

minload-below-title = Mentors below the minimum

minload-reason-fewer_places = The mentor offered fewer free places than the minimum needs

minload-reason-taken_elsewhere = Enough eligible mentees, but they were all placed with other mentors (placing more mentees and other mentors' minimums come first)

minload-reason-too_few_eligible = Too few eligible mentees: fewer mentees pass the rules with this mentor than the minimum needs
