use tokio::fs;

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let path = std::env::temp_dir().join(format!("cpu_fs-{}.txt", std::process::id()));

    // Real IO: write 100 000 numbers, one per line, then read them back.
    let text: String = (1..=100_000).map(|n| format!("{n}\n")).collect();
    fs::write(&path, &text).await?;
    println!("wrote {} bytes", fs::metadata(&path).await?.len());
    let back = fs::read_to_string(&path).await?;
    fs::remove_file(&path).await?;
    println!("read {} lines back, file removed", back.lines().count());

    // Math: parse and add them up on a blocking thread, not on a runtime worker.
    let sum = tokio::task::spawn_blocking(move || {
        back.lines()
            .map(|l| l.parse::<u64>().unwrap_or(0))
            .sum::<u64>()
    })
    .await
    .expect("the summing thread panicked");
    println!("sum = {sum}");
    Ok(())
}
