use tokio::fs;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let path = std::env::temp_dir().join(format!("cpu_redo-{}.txt", std::process::id()));
    fs::write(&path, "the quick brown fox\njumps over\nthe lazy dog\n").await?;
    let text = fs::read_to_string(&path).await?;
    fs::remove_file(&path).await?;

    let words = tokio::task::spawn_blocking(move || text.split_whitespace().count())
        .await
        .expect("counting panicked");
    println!("{words} words");
    Ok(())
}
