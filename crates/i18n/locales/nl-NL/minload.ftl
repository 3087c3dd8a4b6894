matching-reason-mentor_below_minimum = Mentor onder het minimum van het programma: de geschikte mentees waren nodig om meer mentees te plaatsen of om andere mentoren op het minimum te brengen

minload-all_met =
    { $min ->
        [one] Elke mentor met plaatsen heeft het minimum van het programma van { $min } mentee bereikt.
       *[other] Elke mentor met plaatsen heeft het minimum van het programma van { $min } mentees bereikt.
    }

minload-below-caption = Mentoren die deze ronde onder de minimale belasting van het programma liet, met de reden

minload-below-load = Mentees

minload-below-mentor = Mentor

minload-below-min = Minimum

minload-below-reason = Reden

minload-below-title = Mentoren onder het minimum

minload-reason-fewer_places = De mentor bood minder vrije plaatsen aan dan het minimum vraagt

minload-reason-taken_elsewhere = Genoeg geschikte mentees, maar zij zijn allemaal bij andere mentoren geplaatst (meer mentees plaatsen en de minima van andere mentoren gaan voor)

minload-reason-too_few_eligible = Te weinig geschikte mentees: minder mentees voldoen samen met deze mentor aan de regels dan het minimum vraagt
