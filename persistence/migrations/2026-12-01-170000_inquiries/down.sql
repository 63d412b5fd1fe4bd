DROP TABLE inquiry_handovers;
DROP TABLE inquiry_messages;
DROP TABLE inquiries;
