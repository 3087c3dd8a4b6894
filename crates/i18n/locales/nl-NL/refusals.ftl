refusals-sessions-all_used = Gebruikte sessies: { $cap } van { $cap }. Alle sessies van het programma zijn bevestigd of gehouden, dus er kunnen geen sessies meer worden voorgesteld.

refusals-sessions-minutes_used = Gebruikte minuten: { $cap } van { $cap }. Alle tijd van het programma is bevestigd of gehouden, dus er kunnen geen sessies meer worden voorgesteld.

refusals-pairs-done_from = Kan vanaf { $date } als gedaan worden gemarkeerd.

refusals-log_not_offered = Alle sessies die het programma toestaat zijn gebruikt; u kunt er geen meer vastleggen.
