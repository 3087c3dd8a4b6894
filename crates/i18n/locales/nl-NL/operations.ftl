operations-timeout = Het antwoord duurde te lang. Probeert u het over een ogenblik opnieuw. Als u iets opsloeg, controleert u dan eerst of het is opgeslagen.
