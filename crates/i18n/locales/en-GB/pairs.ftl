error-pairs-choose_host = Choose whose workplace the day is at.

error-pairs-day_not_yet = A shadowing day can be marked done on or after the day itself.

error-pairs-not_a_participant = Choose only people in this programme's pairs.

error-pairs-not_running = This pair is not running, so nothing can be recorded.

error-pairs-presentation_date = Enter the date of the final presentation.

error-pairs-project_first = Save the project's title and aim first.

error-pairs-required = Enter a value.

pairs-link = Shadowing, improvement project and workshops

pairs-measures-add = Add the measure

pairs-measures-baseline = Baseline

pairs-measures-caption = How the project measures its effect

pairs-measures-latest = Latest

pairs-measures-name = Measure

pairs-measures-new_latest = Latest value of { $name }

pairs-measures-target = Target

pairs-measures-title = Outcome measures

pairs-milestones-add = Add the milestone

pairs-milestones-caption = The project's milestones

pairs-milestones-done = Done

pairs-milestones-due = Due

pairs-milestones-mark_done = Mark done

pairs-milestones-name = Milestone

pairs-milestones-open = Open

pairs-milestones-reopen = Reopen

pairs-milestones-status = Status

pairs-milestones-title = Milestones

pairs-project-aim = Aim

pairs-project-name = Project title

pairs-project-none = The pair has not started a project yet.

pairs-project-presentation_on = Date of the final presentation

pairs-project-presentation_planned = final presentation planned for { $date }

pairs-project-presented = The final presentation has been given

pairs-project-presented_on = presented on { $date }

pairs-project-progress = { $percent }% of milestones done

pairs-project-save = Save the project

pairs-project-title = Joint improvement project

pairs-shadowing-caption = Shadowing days in both directions

pairs-shadowing-day = Day

pairs-shadowing-direction = Days at { $host }'s workplace: { $count }

pairs-shadowing-host = Whose workplace

pairs-shadowing-host_option = { $name } ({ $organisation })

pairs-shadowing-learning = What was learnt

pairs-shadowing-learning_label = What did you learn on { $day }?

pairs-shadowing-mark_done = Mark as done

pairs-shadowing-place = Place

pairs-shadowing-plan = Plan a shadowing day

pairs-shadowing-plan_button = Plan the day

pairs-shadowing-planned = Planned

pairs-shadowing-title = Shadowing days

pairs-title = Paired learning

pairs-workshops-add = Add a workshop

pairs-workshops-attended = Attended

pairs-workshops-caption = The programme's workshops

pairs-workshops-day = Date

pairs-workshops-link = Workshops

pairs-workshops-name = Workshop

pairs-workshops-no_participants = No pairs have been matched in this programme yet.

pairs-workshops-none = No workshops yet.

pairs-workshops-not_recorded = no attendance recorded for you

pairs-workshops-place = Place or link

pairs-workshops-save_attendance = Save attendance

pairs-workshops-title = Workshops

pairs-workshops-who_attended = Who attended

pairs-workshops-you_attended = you attended
