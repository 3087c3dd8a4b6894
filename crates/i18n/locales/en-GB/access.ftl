roles-person_title = Roles of { $name }

roles-person_intro = A role decides what a person may see and do, and where: in the whole scheme, in one organisation or in one programme.

roles-held = Roles held

roles-role = Role

roles-action = Action

roles-revoke = Revoke

roles-none_held = No roles.

roles-grant_heading = Grant a role

roles-choice = Role to grant

roles-choice_hint = Only the roles you may grant are listed.

roles-grant = Grant role

roles-scoped = { $role } ({ $scope })

roles-scheme_wide = { $role } (whole scheme)

roles-list_title = Roles in the scheme

roles-list_intro = Everyone who holds a role in the scheme. Select a name to grant or revoke roles.

roles-link = Roles

roles-error-choose = Select a role to grant

roles-error-role_scope = That role cannot be held in that scope

roles-error-last_administrator = This is the scheme's last administrator: grant the role to someone else first

roles-error-last_scheme_coordinator = This is the scheme's last scheme coordinator: grant the role to someone else first

home-title = My Tandem

home-open_intakes = Intakes you can apply to

home-no_open_intakes = No intake is open to you at the moment. Your coordinator will tell you when one opens.

home-applications = Your applications

home-next-awaiting_manager = Next: your line manager has been asked to agree protected time.

home-next-awaiting_coordinator = Next: your organisation's coordinator decides on your application.

home-next-approved = Next: you are in the pool for matching; you will be told when a match is published.

home-next-waiting_list = Next: you are on the waiting list until a place comes free.

home-next-nominated = Next: you were nominated. Complete the application, or decline it, from your nominations.

roles-overview_link = Who holds which role
