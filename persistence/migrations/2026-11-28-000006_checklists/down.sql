DROP TABLE checklist_progress;
DROP TABLE checklist_rules;
