#!/usr/bin/env python3
"""Generates a consortium as HR files for the web benchmark (issue #18 item 4).

    python3 bench/web/gen_people.py --people 10000 --out DIR [--seed 18]

Writes DIR/organisations.csv (name, kind, country) and DIR/people.csv, an HR extract with the
headings an AFAS or ESR export has (a separate Dutch "Tussenvoegsel" column), read by
`tandem import people` without --map. Deterministic for a seed and size. Names are realistic:
English and Dutch given and family names, Dutch particles (van der, de, van 't), diacritics
(Müller, Zoë, Çelik, Ørsted). Between 8 and 40 organisations (more for more people): NHS trusts
(Agenda for Change bands), councils (national local-authority scales), Dutch care organisations
(FWG) and charities. About one person in ten is the line manager of the next nine at the same
organisation, and every tenth manager reports to the organisation's first manager, so
management chains are three deep. Standard library only.
"""

import argparse
import csv
import os
import random

GIVEN_GB = [
    "Oliver", "Amelia", "George", "Isla", "Harry", "Ava", "Noah", "Mia", "Jack", "Sophia",
    "Leo", "Grace", "Arthur", "Lily", "Muhammad", "Freya", "Oscar", "Ella", "Charlie", "Evie",
    "Aisha", "Priya", "Chidi", "Siobhan", "Niamh", "Rhys", "Zoë", "Chloë", "Renée", "José",
    "Anaïs", "Søren", "Ayşe", "Björn", "Élodie", "Seán", "Ciarán", "Dafydd", "Angharad", "Kofi",
]
GIVEN_NL = [
    "Jan", "Anna", "Daan", "Emma", "Sem", "Julia", "Lucas", "Sophie", "Finn", "Tess", "Bram",
    "Sanne", "Thijs", "Lotte", "Ruben", "Fleur", "Joost", "Maartje", "Sven", "Noor", "Eline",
    "Femke", "Gijs", "Ilse", "Wouter", "Marieke", "Kees", "Anouk", "Hüseyin", "Fatima",
]
FAMILY_GB = [
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Khan", "Okafor", "O'Brien", "McAllister", "Müller", "Çelik", "Ørsted", "Nowak", "Kowalski",
    "Ahmed", "Begum", "Nguyen", "Da Silva", "Fernández", "Łukasik", "Ó Súilleabháin",
]
# (particle, family name): the particle goes in the Tussenvoegsel column.
FAMILY_NL = [
    ("", "Jansen"), ("de", "Vries"), ("van den", "Berg"), ("van", "Dijk"), ("", "Bakker"),
    ("", "Visser"), ("", "Smit"), ("de", "Boer"), ("van der", "Meer"), ("", "Mulder"),
    ("de", "Jong"), ("van", "Leeuwen"), ("van 't", "Hof"), ("ter", "Horst"), ("in 't", "Veld"),
    ("", "Dekker"), ("", "Brouwer"), ("van der", "Linden"), ("", "Hendriks"), ("den", "Hartog"),
    ("", "Özdemir"), ("", "Yılmaz"), ("", "Schröder"), ("van", "Rooij"), ("op de", "Beek"),
]
JOBS = [
    ("Staff Nurse", "Nursing"), ("Senior Staff Nurse", "Nursing"), ("Healthcare Assistant", "Nursing"),
    ("Physiotherapist", "Allied health"), ("Occupational Therapist", "Allied health"),
    ("Social Worker", "Social work"), ("Care Worker", "Social care"), ("Pharmacist", "Pharmacy"),
    ("Administrator", "Administration"), ("Team Leader", "Management"),
]
JOBS_NL = [
    ("Verpleegkundige", "Verpleging"), ("Verzorgende IG", "Verzorging"),
    ("Wijkverpleegkundige", "Verpleging"), ("Fysiotherapeut", "Paramedisch"),
    ("Teamleider", "Management"), ("Helpende", "Verzorging"),
]
AFC = ["Band 2", "Band 3", "Band 4", "Band 5", "Band 6", "Band 7", "Band 8a"]
LA = ["Scale 1", "Scale 2", "Scale 3", "Scale 4", "Scale 5", "Scale 6", "SO1", "PO2"]
FWG = ["FWG 25", "FWG 30", "FWG 35", "FWG 40", "FWG 45", "FWG 50", "FWG 55"]
PLACES = [
    "Riverside", "Northshire", "Eastbrook", "Westmoor", "Southfield", "Kingsbridge", "Ashford",
    "Millbrook", "Harrowgate", "Fenwick", "Oakley", "Thornbury", "Elmstead", "Castleton",
]
PLACES_NL = ["Noord", "Zuid", "Oost", "West", "Midden", "Delta", "Kust", "Veluwe", "Twente"]


def organisations(n_people):
    """8 organisations for the smallest consortia, up to 40 for a million people."""
    n = max(8, min(40, 8 + n_people // 30_000))
    orgs = []
    for i in range(n):
        k = i % 4
        if k == 0:
            orgs.append((f"{PLACES[i % len(PLACES)]} NHS Foundation Trust {i}", "nhs_trust", "GB"))
        elif k == 1:
            orgs.append((f"{PLACES[i % len(PLACES)]} Borough Council {i}", "local_authority", "GB"))
        elif k == 2:
            orgs.append((f"Zorggroep {PLACES_NL[i % len(PLACES_NL)]} {i}", "dutch_care_organisation", "NL"))
        else:
            orgs.append((f"{PLACES[i % len(PLACES)]} Care Trust {i}", "charity", "GB"))
    return orgs


def ascii_local(s):
    table = str.maketrans({"ü": "u", "ö": "o", "ç": "c", "ø": "o", "ł": "l", "ó": "o", "á": "a",
                           "é": "e", "ë": "e", "ï": "i", "ş": "s", "ı": "i", "í": "i", "ú": "u"})
    return "".join(c for c in s.lower().translate(table) if c.isalnum())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--people", type=int, required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--seed", type=int, default=18)
    a = ap.parse_args()
    rng = random.Random(a.seed * 1_000_003 + a.people)
    os.makedirs(a.out, exist_ok=True)
    orgs = organisations(a.people)
    with open(os.path.join(a.out, "organisations.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["name", "kind", "country"])
        w.writerows(orgs)
    heads = ["Given name", "Tussenvoegsel", "Family name", "Email", "Organisation", "Job title",
             "Profession", "Grade", "Line manager email", "Language"]
    # People are dealt to organisations round-robin; within an organisation, every tenth
    # person manages the nine after them, and managers report to the organisation's first.
    first_manager = {}
    current_manager = {}
    count_in_org = {}
    with open(os.path.join(a.out, "people.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(heads)
        for i in range(a.people):
            o = i % len(orgs)
            name, kind, country = orgs[o]
            dutch = country == "NL"
            if dutch:
                given = rng.choice(GIVEN_NL)
                prefix, family = rng.choice(FAMILY_NL)
                job, prof = rng.choice(JOBS_NL)
                grade = rng.choice(FWG)
                lang = "nl-NL"
            else:
                given = rng.choice(GIVEN_GB)
                prefix, family = "", rng.choice(FAMILY_GB)
                job, prof = rng.choice(JOBS)
                grade = rng.choice(AFC if kind in ("nhs_trust", "charity") else LA)
                lang = "en-GB"
            email = f"{ascii_local(given)}.{ascii_local(prefix + family)}.{i}@org{o}.example.org"
            k = count_in_org.get(o, 0)
            count_in_org[o] = k + 1
            if k % 10 == 0:
                manager = first_manager.get(o, "")
                if k == 0:
                    first_manager[o] = email
                current_manager[o] = email
            else:
                manager = current_manager[o]
            w.writerow([given, prefix, family, email, name, job, prof, grade, manager, lang])


if __name__ == "__main__":
    main()
