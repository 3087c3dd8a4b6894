phone-menu_more = More

phone-menu_more_hidden = Browse
