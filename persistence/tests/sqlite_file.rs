//! The SQLite database a first start creates: private to the service's account, and errors
//! that name the file or server they are about.

use iro_persistence::establish;

#[cfg(unix)]
#[test]
fn a_new_database_file_and_its_folder_are_private_to_the_owner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("data");
    let file = folder.join("iro.db");
    drop(establish(&file.to_string_lossy()).unwrap());
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&folder), 0o700, "folder mode");
    assert_eq!(mode(&file), 0o600, "file mode");
}

#[test]
fn an_unopenable_database_names_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, b"a file where a folder should be").unwrap();
    let path = blocker.join("iro.db").to_string_lossy().into_owned();
    let message = establish(&path).err().expect("a file under a file cannot be opened").to_string();
    assert!(message.contains(&path), "{message}");
}

#[test]
fn an_unreachable_postgresql_is_named_without_its_password() {
    let message =
        establish("postgres://iro:s3cret@127.0.0.1:1/iro").err().expect("nothing listens on port 1").to_string();
    assert!(message.contains("postgres://iro:***@127.0.0.1:1/iro"), "{message}");
    assert!(!message.contains("s3cret"), "{message}");
}
