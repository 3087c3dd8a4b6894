error-pairs-choose_host = Kies op wiens werkplek de dag is.

error-pairs-day_not_yet = Een meeloopdag kan pas op of na de dag zelf als gedaan worden gemarkeerd.

error-pairs-not_a_participant = Kies alleen mensen uit de duo's van dit programma.

error-pairs-not_running = Dit duo loopt niet, dus er kan niets worden vastgelegd.

error-pairs-presentation_date = Vul de datum van de eindpresentatie in.

error-pairs-project_first = Sla eerst de titel en het doel van het project op.

error-pairs-required = Vul een waarde in.

pairs-link = Meelopen, verbeterproject en workshops

pairs-measures-add = Maat toevoegen

pairs-measures-baseline = Beginwaarde

pairs-measures-caption = Hoe het project zijn effect meet

pairs-measures-latest = Laatste waarde

pairs-measures-name = Maat

pairs-measures-new_latest = Laatste waarde van { $name }

pairs-measures-target = Doelwaarde

pairs-measures-title = Uitkomstmaten

pairs-milestones-add = Mijlpaal toevoegen

pairs-milestones-caption = De mijlpalen van het project

pairs-milestones-done = Gehaald

pairs-milestones-due = Uiterlijk

pairs-milestones-mark_done = Markeren als gehaald

pairs-milestones-name = Mijlpaal

pairs-milestones-open = Open

pairs-milestones-reopen = Heropenen

pairs-milestones-status = Status

pairs-milestones-title = Mijlpalen

pairs-project-aim = Doel

pairs-project-name = Titel van het project

pairs-project-none = Het duo is nog niet aan een project begonnen.

pairs-project-presentation_on = Datum van de eindpresentatie

pairs-project-presentation_planned = eindpresentatie gepland op { $date }

pairs-project-presented = De eindpresentatie is gegeven

pairs-project-presented_on = gepresenteerd op { $date }

pairs-project-progress = { $percent }% van de mijlpalen gehaald

pairs-project-save = Project opslaan

pairs-project-title = Gezamenlijk verbeterproject

pairs-shadowing-caption = Meeloopdagen in beide richtingen

pairs-shadowing-day = Dag

pairs-shadowing-direction = Dagen op de werkplek van { $host }: { $count }

pairs-shadowing-host = Wiens werkplek

pairs-shadowing-host_option = { $name } ({ $organisation })

pairs-shadowing-learning = Wat is er geleerd

pairs-shadowing-learning_label = Wat heeft u op { $day } geleerd?

pairs-shadowing-mark_done = Markeren als gedaan

pairs-shadowing-place = Plaats

pairs-shadowing-plan = Een meeloopdag plannen

pairs-shadowing-plan_button = Dag plannen

pairs-shadowing-planned = Gepland

pairs-shadowing-title = Meeloopdagen

pairs-title = Leren in duo's

pairs-workshops-add = Een workshop toevoegen

pairs-workshops-attended = Aanwezig

pairs-workshops-caption = De workshops van het programma

pairs-workshops-day = Datum

pairs-workshops-link = Workshops

pairs-workshops-name = Workshop

pairs-workshops-no_participants = In dit programma zijn nog geen duo's gekoppeld.

pairs-workshops-none = Nog geen workshops.

pairs-workshops-not_recorded = geen aanwezigheid van u geregistreerd

pairs-workshops-place = Plaats of link

pairs-workshops-save_attendance = Aanwezigheid opslaan

pairs-workshops-title = Workshops

pairs-workshops-who_attended = Wie waren er aanwezig

pairs-workshops-you_attended = u was aanwezig
