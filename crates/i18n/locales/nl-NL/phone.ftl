phone-menu_more = Meer

phone-menu_more_hidden = Menu:
