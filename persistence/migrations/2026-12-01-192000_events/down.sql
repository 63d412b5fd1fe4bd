DROP TABLE event_invitations;
DROP TABLE calendar_feeds;
DROP TABLE event_registrations;
DROP TABLE events;
